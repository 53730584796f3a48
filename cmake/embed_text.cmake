# cmake -DINPUT=file -DOUTPUT=file.cc -DHEADER=api/x.h -DNAMESPACE=parley::api -DFUNCTION=name
#       -P embed_text.cmake
# Writes a .cc whose FUNCTION() returns the input file's text as a std::string_view. Run at build
# time (add_custom_command), so the output is regenerated whenever the input changes.
file(READ "${INPUT}" content)
set(delimiter "parley_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by cmake/embed_text.cmake. Do not edit.\n"
  "#include \"${HEADER}\"\n\n"
  "namespace ${NAMESPACE} {\n\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr char kText[] = R\"${delimiter}(${content})${delimiter}\";\n"
  "  return {kText, sizeof(kText) - 1};\n"
  "}\n\n"
  "}  // namespace ${NAMESPACE}\n")
