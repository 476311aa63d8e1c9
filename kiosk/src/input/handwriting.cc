#include "input/handwriting.h"

#include <zinnia.h>

#include <memory>

namespace gridledger::kiosk {

HandwritingRecognizer::HandwritingRecognizer() = default;

HandwritingRecognizer::~HandwritingRecognizer() { delete recognizer_; }

bool HandwritingRecognizer::Open(const std::string& model_path) {
  auto r = std::unique_ptr<zinnia::Recognizer>(zinnia::Recognizer::create());
  if (!r || !r->open(model_path.c_str())) return false;
  delete recognizer_;
  recognizer_ = r.release();
  return true;
}

std::vector<std::string> HandwritingRecognizer::Classify(const std::vector<Stroke>& strokes,
                                                         float width, float height, int n) const {
  std::vector<std::string> out;
  if (!recognizer_ || strokes.empty()) return out;
  std::unique_ptr<zinnia::Character> c(zinnia::Character::create());
  c->set_width(static_cast<size_t>(width));
  c->set_height(static_cast<size_t>(height));
  size_t id = 0;
  for (const Stroke& s : strokes) {
    if (s.empty()) continue;
    for (const InkPoint& p : s) c->add(id, static_cast<int>(p.x), static_cast<int>(p.y));
    ++id;
  }
  if (id == 0) return out;
  std::unique_ptr<zinnia::Result> r(recognizer_->classify(*c, n));
  if (!r) return out;
  for (size_t i = 0; i < r->size(); ++i) out.emplace_back(r->value(i));
  return out;
}

}  // namespace gridledger::kiosk
