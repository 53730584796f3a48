#include "storage/sqlite/json_columns.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace parley::storage::sqlite {
namespace {

void appendString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out.push_back(c);  // UTF-8 passes through as it came
        }
    }
  }
  out.push_back('"');
}

void appendStrings(std::string& out, const std::vector<std::string>& values) {
  out.push_back('[');
  for (size_t index = 0; index < values.size(); ++index) {
    if (index > 0) {
      out.push_back(',');
    }
    appendString(out, values[index]);
  }
  out.push_back(']');
}

void appendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Reads the shapes above. Every method returns false on malformed input and leaves the reader in
// an unspecified position; callers give up at the first false.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool consume(char c) {
    skipSpace();
    if (in_.empty() || in_.front() != c) {
      return false;
    }
    in_.remove_prefix(1);
    return true;
  }

  bool atEnd() {
    skipSpace();
    return in_.empty();
  }

  bool string(std::string& out) {
    if (!consume('"')) {
      return false;
    }
    out.clear();
    while (!in_.empty()) {
      const char c = in_.front();
      in_.remove_prefix(1);
      if (c == '"') {
        return true;
      }
      if (c != '\\') {
        out.push_back(c);
      } else if (!escape(out)) {
        return false;
      }
    }
    return false;
  }

  bool integer(int64_t& out) {
    skipSpace();
    const auto [end, error] = std::from_chars(in_.data(), in_.data() + in_.size(), out);
    if (error != std::errc()) {
      return false;
    }
    in_.remove_prefix(static_cast<size_t>(end - in_.data()));
    return true;
  }

  bool boolean(bool& out) {
    skipSpace();
    for (const auto& [word, value] : {std::pair{"true", true}, std::pair{"false", false}}) {
      if (in_.starts_with(word)) {
        in_.remove_prefix(std::string_view(word).size());
        out = value;
        return true;
      }
    }
    return false;
  }

  // '[' item (',' item)* ']', with `item` reading one element.
  template <class F>
  bool array(F&& item) {
    if (!consume('[')) {
      return false;
    }
    if (consume(']')) {
      return true;
    }
    do {
      if (!item()) {
        return false;
      }
    } while (consume(','));
    return consume(']');
  }

  // '{' "key" ':' value (',' …)* '}', with `member` reading the value of the key it is given.
  template <class F>
  bool object(F&& member) {
    if (!consume('{')) {
      return false;
    }
    if (consume('}')) {
      return true;
    }
    do {
      std::string key;
      if (!string(key) || !consume(':') || !member(key)) {
        return false;
      }
    } while (consume(','));
    return consume('}');
  }

  bool strings(std::vector<std::string>& out) {
    return array([&] {
      std::string value;
      if (!string(value)) {
        return false;
      }
      out.push_back(std::move(value));
      return true;
    });
  }

 private:
  void skipSpace() {
    while (!in_.empty() && (in_.front() == ' ' || in_.front() == '\n' || in_.front() == '\r' ||
                            in_.front() == '\t')) {
      in_.remove_prefix(1);
    }
  }

  bool hex4(uint32_t& out) {
    if (in_.size() < 4) {
      return false;
    }
    unsigned value = 0;
    const auto [end, error] = std::from_chars(in_.data(), in_.data() + 4, value, 16);
    if (error != std::errc() || end != in_.data() + 4) {
      return false;
    }
    in_.remove_prefix(4);
    out = value;
    return true;
  }

  bool escape(std::string& out) {
    if (in_.empty()) {
      return false;
    }
    const char c = in_.front();
    in_.remove_prefix(1);
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out.push_back(c);
        return true;
      case 'b':
        out.push_back('\b');
        return true;
      case 'f':
        out.push_back('\f');
        return true;
      case 'n':
        out.push_back('\n');
        return true;
      case 'r':
        out.push_back('\r');
        return true;
      case 't':
        out.push_back('\t');
        return true;
      case 'u':
        return unicode(out);
      default:
        return false;
    }
  }

  bool unicode(std::string& out) {
    uint32_t code_point = 0;
    if (!hex4(code_point)) {
      return false;
    }
    if (code_point >= 0xD800 && code_point < 0xDC00) {
      uint32_t low = 0;
      if (!in_.starts_with("\\u")) {
        return false;
      }
      in_.remove_prefix(2);
      if (!hex4(low) || low < 0xDC00 || low >= 0xE000) {
        return false;
      }
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    } else if (code_point >= 0xDC00 && code_point < 0xE000) {
      return false;
    }
    appendUtf8(out, code_point);
    return true;
  }

  std::string_view in_;
};

std::unexpected<Error> corrupt(std::string_view what) {
  return fail(ErrorCode::Internal, std::string(what) + " column is corrupt");
}

}  // namespace

std::string encodeStrings(const std::vector<std::string>& values) {
  std::string out;
  appendStrings(out, values);
  return out;
}

Result<std::vector<std::string>> decodeStrings(std::string_view json) {
  Reader reader(json);
  std::vector<std::string> values;
  if (!reader.strings(values) || !reader.atEnd()) {
    return corrupt("string list");
  }
  return values;
}

std::string encodeRelaxation(const std::vector<RelaxationStepConfig>& steps) {
  std::string out = "[";
  for (size_t index = 0; index < steps.size(); ++index) {
    const RelaxationStepConfig& step = steps[index];
    out += index > 0 ? ",{" : "{";
    out += "\"after_seconds\":" + std::to_string(step.after_seconds) + ",\"any_of\":[";
    for (size_t alternative = 0; alternative < step.any_of.size(); ++alternative) {
      if (alternative > 0) {
        out.push_back(',');
      }
      std::vector<std::string> skills;
      for (const SkillId& skill : step.any_of[alternative]) {
        skills.push_back(skill.value);
      }
      appendStrings(out, skills);
    }
    out += "]}";
  }
  out.push_back(']');
  return out;
}

Result<std::vector<RelaxationStepConfig>> decodeRelaxation(std::string_view json) {
  Reader reader(json);
  std::vector<RelaxationStepConfig> steps;
  const auto step = [&] {
    RelaxationStepConfig config;
    const bool read = reader.object([&](const std::string& key) {
      if (key == "after_seconds") {
        int64_t seconds = 0;
        if (!reader.integer(seconds) || seconds < std::numeric_limits<int>::min() ||
            seconds > std::numeric_limits<int>::max()) {
          return false;
        }
        config.after_seconds = static_cast<int>(seconds);
        return true;
      }
      if (key == "any_of") {
        return reader.array([&] {
          std::vector<std::string> skills;
          if (!reader.strings(skills)) {
            return false;
          }
          auto& alternative = config.any_of.emplace_back();
          for (std::string& skill : skills) {
            alternative.push_back(SkillId{std::move(skill)});
          }
          return true;
        });
      }
      return false;
    });
    steps.push_back(std::move(config));
    return read;
  };
  if (!reader.array(step) || !reader.atEnd()) {
    return corrupt("relaxation");
  }
  return steps;
}

std::string encodeAgentSkills(const std::vector<std::pair<SkillId, bool>>& skills) {
  std::string out = "[";
  for (size_t index = 0; index < skills.size(); ++index) {
    out += index > 0 ? ",{\"skill\":" : "{\"skill\":";
    appendString(out, skills[index].first.value);
    out += skills[index].second ? ",\"active\":true}" : ",\"active\":false}";
  }
  out.push_back(']');
  return out;
}

Result<std::vector<std::pair<SkillId, bool>>> decodeAgentSkills(std::string_view json) {
  Reader reader(json);
  std::vector<std::pair<SkillId, bool>> skills;
  const auto skill = [&] {
    std::pair<SkillId, bool> entry{SkillId{}, true};
    const bool read = reader.object([&](const std::string& key) {
      if (key == "skill") {
        return reader.string(entry.first.value);
      }
      if (key == "active") {
        return reader.boolean(entry.second);
      }
      return false;
    });
    skills.push_back(std::move(entry));
    return read && !skills.back().first.empty();
  };
  if (!reader.array(skill) || !reader.atEnd()) {
    return corrupt("agent skills");
  }
  return skills;
}

}  // namespace parley::storage::sqlite
