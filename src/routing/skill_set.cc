#include "routing/skill_set.h"

namespace parley::routing {

void SkillSet::insert(uint32_t skill) {
  const size_t word = skill / 64;
  if (word >= words_.size()) {
    words_.resize(word + 1, 0);
  }
  words_[word] |= uint64_t{1} << (skill % 64);
}

void SkillSet::erase(uint32_t skill) {
  const size_t word = skill / 64;
  if (word >= words_.size()) {
    return;
  }
  words_[word] &= ~(uint64_t{1} << (skill % 64));
  while (!words_.empty() && words_.back() == 0) {
    words_.pop_back();
  }
}

}  // namespace parley::routing
