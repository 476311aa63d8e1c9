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
  // Font pixel sizes: body 8 mm (11 mm in large-text mode), headings 12 mm
  // (15 mm), the case number on the receipt 22 mm.
  float BodyPx() const { return Mm(large_text ? 11.0f : 8.0f); }
  float HeadingPx() const { return Mm(large_text ? 15.0f : 12.0f); }
  float HugePx() const { return Mm(22.0f); }
};

}  // namespace gridledger::kiosk
