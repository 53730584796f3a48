#include "channels/message_template.h"

#include <charconv>

#include "core/json/json_writer.h"

namespace parley::channels {
namespace {

// Calls `each(start, end, n)` for every {{n}} in `body`.
template <class Each>
void forEachPlaceholder(std::string_view body, Each each) {
  for (size_t open = body.find("{{"); open != std::string_view::npos;
       open = body.find("{{", open + 2)) {
    const size_t close = body.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return;
    }
    int number = 0;
    const std::string_view digits = body.substr(open + 2, close - open - 2);
    const auto [end, problem] =
        std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (problem == std::errc() && end == digits.data() + digits.size() && number > 0) {
      each(open, close + 2, number);
    }
  }
}

}  // namespace

int templateParameterCount(std::string_view body) {
  int highest = 0;
  forEachPlaceholder(body,
                     [&](size_t, size_t, int number) { highest = std::max(highest, number); });
  return highest;
}

Result<std::string> templateContent(const ChannelTemplate& chosen,
                                    const std::vector<std::string>& parameters) {
  if (chosen.status != "APPROVED") {
    return fail(ErrorCode::ValidationFailed, "template " + chosen.name + " (" + chosen.language +
                                                 ") is " + chosen.status +
                                                 ", not approved: Meta would refuse it");
  }
  if (static_cast<int>(parameters.size()) != chosen.parameters) {
    return fail(ErrorCode::ValidationFailed,
                "template " + chosen.name + " takes " + std::to_string(chosen.parameters) +
                    " parameters, " + std::to_string(parameters.size()) + " given");
  }
  for (size_t index = 0; index < parameters.size(); ++index) {
    const std::string& value = parameters[index];
    if (value.empty() || value.find_first_of("\n\t") != std::string::npos ||
        value.find("     ") != std::string::npos) {
      return fail(
          ErrorCode::ValidationFailed,
          "template.parameters[" + std::to_string(index) +
              "] must not be empty, hold a new line or tab, or more than 4 spaces in a row");
    }
  }
  std::string text;
  size_t copied = 0;
  forEachPlaceholder(chosen.body, [&](size_t start, size_t end, int number) {
    text.append(chosen.body, copied, start - copied);
    text += parameters[static_cast<size_t>(number - 1)];
    copied = end;
  });
  text.append(chosen.body, copied);
  JsonWriter json;
  json.beginObject()
      .key("template")
      .beginObject()
      .field("name", chosen.name)
      .field("language", chosen.language)
      .key("parameters")
      .beginArray();
  for (const std::string& value : parameters) {
    json.string(value);
  }
  json.endArray().field("text", text).endObject().endObject();
  return json.take();
}

}  // namespace parley::channels
