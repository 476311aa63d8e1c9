// Physical sizes on the configured panel. Everything the kiosk lays out is
// derived from millimetres so that touch targets stay >= 20 mm and body
// text >= 7 mm whatever the panel's pixel density.
#pragma once

namespace gridledger::kiosk {

struct Metrics {
  float px_per_mm = 4.0f;  // a 21.5" 1080p panel is ~4 px/mm
  bool large_text = false;

  float Mm(float mm) const { return mm * px_per_mm; }
  // Smallest touch target side allowed anywhere (20 mm).
  float MinTarget() const { return Mm(20); }
  // Primary actions (next, submit, continue): 25 mm tall.
  float PrimaryHeight() const { return Mm(25); }
  float Gap() const { return Mm(4); }
  float Margin() const { return Mm(8); }
  // Text sizes as the height of a rendered ideograph (国's ink, not the
  // font's line height, which is ~1.45x larger for Noto Sans CJK): body
  // 7.5 mm (9.5 mm in large-text mode), headings 10.5 mm (12.5 mm). The
  // font library turns them into font pixel sizes for its font files.
  float BodyInkPx() const { return Mm(large_text ? 9.5f : 7.5f); }
  float HeadingInkPx() const { return Mm(large_text ? 12.5f : 10.5f); }
  // The case number and query code on the receipt: a 22 mm line (digits
  // and Latin only).
  float HugePx() const { return Mm(22.0f); }
};

}  // namespace gridledger::kiosk
