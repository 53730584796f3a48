#include "privacy/text_fold.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace parley::privacy {
namespace {

// `text` normalised by `form` (ICU's NFC or NFKD), or as it was should ICU fail.
icu::UnicodeString normalized(const icu::UnicodeString& text,
                              const icu::Normalizer2* (*form)(UErrorCode&)) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = form(status);
  if (U_FAILURE(status)) {
    return text;
  }
  icu::UnicodeString out = normalizer->normalize(text, status);
  return U_SUCCESS(status) ? out : text;
}

icu::UnicodeString fromUtf8(std::string_view text) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

std::string utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

}  // namespace

std::string foldEmail(std::string_view email) {
  icu::UnicodeString composed = normalized(fromUtf8(email), &icu::Normalizer2::getNFCInstance);
  return utf8(composed.trim().toLower(icu::Locale::getRoot()));
}

std::vector<std::string> nameWords(std::string_view name) {
  // Compatibility decomposition splits "é" into "e" and a mark, and "ﬁ" into "fi"; the marks go.
  icu::UnicodeString decomposed = normalized(fromUtf8(name), &icu::Normalizer2::getNFKDInstance);
  decomposed.foldCase();

  std::vector<std::string> words;
  icu::UnicodeString word;
  auto finish = [&] {
    if (word.isEmpty()) {
      return;
    }
    std::string bytes = utf8(word);
    word.remove();
    if (bytes.size() > kMaxWordBytes) {
      // Cut at a character boundary: never in the middle of a UTF-8 sequence.
      size_t cut = kMaxWordBytes;
      while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80) {
        --cut;
      }
      bytes.resize(cut);
    }
    if (words.size() < kMaxNameWords &&
        std::find(words.begin(), words.end(), bytes) == words.end()) {
      words.push_back(std::move(bytes));
    }
  };
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    const int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
        type == U_COMBINING_SPACING_MARK) {
      continue;
    }
    if (u_isalnum(c)) {
      word.append(c);
    } else {
      finish();
    }
  }
  finish();
  return words;
}

}  // namespace parley::privacy
