#pragma once
// A set of a tenant's skills as a bitset over dense skill numbers, so "the agent's active skills
// include every required skill" is a few word operations. Canonical (no trailing zero words), so
// equal sets compare equal.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace parley::routing {

class SkillSet {
 public:
  void insert(uint32_t skill);
  void erase(uint32_t skill);
  bool contains(uint32_t skill) const {
    const size_t word = skill / 64;
    return word < words_.size() && (words_[word] >> (skill % 64) & 1) != 0;
  }
  bool containsAll(const SkillSet& other) const {
    if (other.words_.size() > words_.size()) {
      return false;
    }
    for (size_t i = 0; i < other.words_.size(); ++i) {
      if ((other.words_[i] & ~words_[i]) != 0) {
        return false;
      }
    }
    return true;
  }
  bool empty() const { return words_.empty(); }
  template <class F>
  void forEach(F&& visit) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      for (uint64_t bits = words_[i]; bits != 0; bits &= bits - 1) {
        visit(static_cast<uint32_t>(i * 64 + std::countr_zero(bits)));
      }
    }
  }
  bool operator==(const SkillSet&) const = default;
  auto operator<=>(const SkillSet&) const = default;

 private:
  std::vector<uint64_t> words_;
};

}  // namespace parley::routing
