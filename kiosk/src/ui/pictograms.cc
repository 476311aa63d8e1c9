#include "ui/pictograms.h"

#include <cmath>

namespace gridledger::kiosk {
namespace {

struct Pen {
  ImDrawList* dl;
  ImVec2 c;  // centre
  float s;   // half size
  ImU32 col;
  float t;  // line thickness
  ImVec2 P(float x, float y) const { return ImVec2(c.x + x * s, c.y + y * s); }
  void Line(float x0, float y0, float x1, float y1) const {
    dl->AddLine(P(x0, y0), P(x1, y1), col, t);
  }
  void Box(float x0, float y0, float x1, float y1, bool fill = false) const {
    if (fill)
      dl->AddRectFilled(P(x0, y0), P(x1, y1), col, s * 0.05f);
    else
      dl->AddRect(P(x0, y0), P(x1, y1), col, s * 0.05f, 0, t);
  }
  void Circle(float x, float y, float r, bool fill = false) const {
    if (fill)
      dl->AddCircleFilled(P(x, y), r * s, col);
    else
      dl->AddCircle(P(x, y), r * s, col, 0, t);
  }
  void Tri(float x0, float y0, float x1, float y1, float x2, float y2) const {
    dl->AddTriangleFilled(P(x0, y0), P(x1, y1), P(x2, y2), col);
  }
};

}  // namespace

void DrawPictogram(ImDrawList* dl, Rect r, ImU32 col, std::string_view code) {
  float s = std::fmin(r.W(), r.H()) * 0.42f;
  Pen p{dl, ImVec2((r.min.x + r.max.x) / 2, (r.min.y + r.max.y) / 2), s, col, s * 0.09f};
  if (code == "sewer") {  // a pipe with drops
    p.Box(-0.9f, -0.6f, 0.2f, -0.2f);
    p.Box(0.2f, -0.6f, 0.6f, 0.3f);
    p.Circle(0.4f, 0.6f, 0.12f, true);
    p.Circle(0.0f, 0.8f, 0.1f, true);
    p.Circle(0.75f, 0.85f, 0.1f, true);
  } else if (code == "utilities") {  // a lightning bolt and a drop
    p.Tri(-0.1f, -0.9f, -0.6f, 0.1f, -0.1f, 0.1f);
    p.Tri(-0.3f, 0.0f, 0.2f, 0.0f, -0.4f, 0.9f);
    p.Circle(0.55f, 0.35f, 0.28f, true);
    p.Tri(0.55f, -0.35f, 0.3f, 0.25f, 0.8f, 0.25f);
  } else if (code == "facilities") {  // a street lamp
    p.Line(0, 0.9f, 0, -0.6f);
    p.Line(0, -0.6f, 0.5f, -0.6f);
    p.Tri(0.3f, -0.5f, 0.7f, -0.5f, 0.5f, -0.25f);
    p.Line(-0.4f, 0.9f, 0.4f, 0.9f);
    p.Line(-0.5f, -0.1f, -0.9f, 0.3f);  // a crack
  } else if (code == "noise") {         // a speaker with waves
    p.Box(-0.9f, -0.25f, -0.5f, 0.25f, true);
    p.Tri(-0.5f, -0.25f, -0.1f, -0.65f, -0.1f, 0.65f);
    p.Tri(-0.5f, 0.25f, -0.1f, 0.65f, -0.1f, -0.65f);
    for (float k : {0.35f, 0.6f, 0.85f})
      dl->PathArcTo(p.P(-0.1f, 0), k * s, -0.8f, 0.8f), dl->PathStroke(col, 0, p.t);
  } else if (code == "parking") {  // P in a square
    p.Box(-0.8f, -0.8f, 0.8f, 0.8f);
    p.Line(-0.25f, 0.5f, -0.25f, -0.5f);
    dl->PathArcTo(p.P(-0.05f, -0.22f), 0.28f * s, -1.57f, 1.57f);
    dl->PathStroke(col, 0, p.t);
    p.Line(-0.25f, -0.5f, -0.05f, -0.5f);
    p.Line(-0.25f, 0.06f, -0.05f, 0.06f);
  } else if (code == "sanitation") {  // a bin
    p.Box(-0.5f, -0.4f, 0.5f, 0.9f);
    p.Line(-0.7f, -0.5f, 0.7f, -0.5f);
    p.Box(-0.15f, -0.75f, 0.15f, -0.5f);
    for (float x : {-0.2f, 0.0f, 0.2f}) p.Line(x, -0.2f, x, 0.7f);
  } else if (code == "property") {  // a building
    p.Box(-0.6f, -0.8f, 0.6f, 0.9f);
    for (float y : {-0.55f, -0.15f, 0.25f})
      for (float x : {-0.35f, 0.15f}) p.Box(x, y, x + 0.2f, y + 0.2f, true);
    p.Box(-0.12f, 0.55f, 0.12f, 0.9f, true);
  } else if (code == "dispute") {  // two people
    p.Circle(-0.45f, -0.35f, 0.22f, true);
    p.Circle(0.45f, -0.35f, 0.22f, true);
    p.Box(-0.7f, 0.0f, -0.2f, 0.8f, true);
    p.Box(0.2f, 0.0f, 0.7f, 0.8f, true);
  } else if (code == "fire_hazard") {  // a fire extinguisher
    p.Box(-0.35f, -0.35f, 0.35f, 0.9f, true);
    p.Box(-0.12f, -0.6f, 0.12f, -0.35f, true);
    p.Line(-0.35f, -0.65f, 0.45f, -0.65f);
    p.Line(0.12f, -0.55f, 0.6f, -0.3f);
    p.Line(0.6f, -0.3f, 0.75f, 0.2f);
  } else if (code == "complaint") {  // a speech bubble with "!"
    p.Box(-0.8f, -0.7f, 0.8f, 0.4f);
    p.Tri(-0.4f, 0.4f, -0.1f, 0.4f, -0.5f, 0.85f);
    p.Line(0, -0.5f, 0, 0.0f);
    p.Circle(0, 0.2f, 0.07f, true);
  } else if (code == "inquiry") {  // a question mark in a circle
    p.Circle(0, 0, 0.85f);
    dl->PathArcTo(p.P(0, -0.25f), 0.28f * s, 3.3f, 6.9f);
    dl->PathStroke(col, 0, p.t);
    p.Line(0, 0.03f, 0, 0.3f);
    p.Circle(0, 0.52f, 0.08f, true);
  } else if (code == "emergency") {  // a cross
    p.Box(-0.25f, -0.8f, 0.25f, 0.8f, true);
    p.Box(-0.8f, -0.25f, 0.8f, 0.25f, true);
  } else {  // micro-wish and anything else: a heart
    p.Circle(-0.35f, -0.25f, 0.38f, true);
    p.Circle(0.35f, -0.25f, 0.38f, true);
    p.Tri(-0.72f, -0.1f, 0.72f, -0.1f, 0.0f, 0.85f);
  }
}

}  // namespace gridledger::kiosk
