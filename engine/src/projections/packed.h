// Packed encoding of the stored read models: unsigned varints, zig-zag
// signed varints and length-prefixed bytes, in a fixed field order per
// record (no tags). Compact and fast; a record's layout changes only with
// ReadModels::kSchemaVersion, which makes the engine rebuild the models.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gridledger::packed {

class Writer {
 public:
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I64(int64_t v) { U64((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Bool(bool v) { out_.push_back(v ? 1 : 0); }
  void Bytes(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  // Room for `n` bytes at once (a record's size known roughly up front
  // spares the string's growth, one reallocation per doubling).
  void Reserve(size_t n) { out_.reserve(n); }
  std::string& str() { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what Writer wrote. A short or damaged record makes ok() false and
// every later read return zero / empty; callers check ok() at the end.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      auto b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  int64_t I64() {
    uint64_t u = U64();
    return static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  }
  bool Bool() {
    if (pos_ >= in_.size()) return Fail() != 0;
    return in_[pos_++] != 0;
  }
  std::string Bytes() {
    std::string s;
    Bytes(&s);
    return s;
  }
  // Bytes into `*out`, reusing its buffer (cleared on a failure).
  void Bytes(std::string* out) {
    uint64_t n = U64();
    if (!ok_ || n > in_.size() - pos_) {
      Fail();
      out->clear();
      return;
    }
    out->assign(in_.substr(pos_, n));
    pos_ += n;
  }
  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == in_.size(); }

 private:
  uint64_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace gridledger::packed
