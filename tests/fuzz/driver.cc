// Runs a libFuzzer-style target without libFuzzer (g++ has none, and clang 14 cannot compile our
// C++23): with file arguments it replays them, as libFuzzer would; without, it feeds the target a
// fixed number of inputs mutated from its seeds by a fixed-seed generator, so a CI run is
// repeatable. Built in the ASan+UBSan preset, a crash, a leak of control or undefined behaviour
// fails the run.

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Seeds: typical valid inputs the mutations start from; defined beside each target.
std::vector<std::string> fuzzSeeds();

namespace {

std::string mutate(std::string input, std::mt19937_64& random) {
  const int edits = 1 + static_cast<int>(random() % 8);
  for (int edit = 0; edit < edits; ++edit) {
    const size_t at = input.empty() ? 0 : random() % (input.size() + 1);
    switch (random() % 6) {
      case 0:  // flip a byte
        if (!input.empty()) input[at % input.size()] = static_cast<char>(random());
        break;
      case 1:  // insert a random byte
        input.insert(input.begin() + static_cast<long>(at), static_cast<char>(random()));
        break;
      case 2:  // erase a run
        if (!input.empty()) input.erase(at % input.size(), random() % 8);
        break;
      case 3:  // duplicate a run
        if (!input.empty()) input.insert(at, input.substr(at % input.size(), random() % 32));
        break;
      case 4:  // insert a structural character
        input.insert(at, 1, "{}[]\",:%\\;=&"[random() % 12]);
        break;
      default:  // truncate
        input.resize(at);
    }
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {
    for (int index = 1; index < argc; ++index) {
      std::ifstream in(argv[index], std::ios::binary);
      std::stringstream content;
      content << in.rdbuf();
      const std::string input = content.str();
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    }
    return 0;
  }
  std::mt19937_64 random(20261123);
  const std::vector<std::string> seeds = fuzzSeeds();
  constexpr int kRuns = 200000;
  for (int run = 0; run < kRuns; ++run) {
    const std::string input = mutate(seeds[run % seeds.size()], random);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
  std::printf("%d inputs, no crash\n", kRuns);
  return 0;
}
