// Handwriting recognition of one character with zinnia and Debian's
// Simplified Chinese model. A character is a list of strokes, each a list
// of points on a canvas of the given size. Open ~8 ms, classify ~5 ms:
// fine on the UI thread.
#pragma once

#include <string>
#include <vector>

namespace zinnia {
class Recognizer;
}

namespace gridledger::kiosk {

struct InkPoint {
  float x, y;
};
using Stroke = std::vector<InkPoint>;

class HandwritingRecognizer {
 public:
  static constexpr const char* kDefaultModel =
      "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";

  HandwritingRecognizer();
  ~HandwritingRecognizer();
  HandwritingRecognizer(const HandwritingRecognizer&) = delete;
  HandwritingRecognizer& operator=(const HandwritingRecognizer&) = delete;

  bool Open(const std::string& model_path = kDefaultModel);
  bool is_open() const { return recognizer_ != nullptr; }
  // Best `n` characters, best first; empty when nothing is written or the
  // model is not open.
  std::vector<std::string> Classify(const std::vector<Stroke>& strokes, float width, float height,
                                    int n = 10) const;

 private:
  zinnia::Recognizer* recognizer_ = nullptr;
};

}  // namespace gridledger::kiosk
