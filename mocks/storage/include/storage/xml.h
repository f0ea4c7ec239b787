#pragma once
// The little XML the Blob service speaks: escaping for the documents it writes (errors, listings,
// stats) and reading element text in the one document it parses (Put Block List).

#include <optional>
#include <string>
#include <string_view>

namespace drdrill::storage {

// Escapes &, < and > for element text (quotes stay as they are: ETags read "0x..." in listings,
// as the service writes them).
std::string xml_escape(std::string_view text);
// Escapes &, <, > and " for an attribute value in double quotes.
std::string xml_escape_attribute(std::string_view text);

// Appends <name>escaped text</name>, or <name /> when the text is empty (the service's spelling).
void append_element(std::string& out, std::string_view name, std::string_view text);

// Resolves the five predefined entities and numeric character references (&#65; &#x41;).
// nullopt for an unknown or malformed reference.
std::optional<std::string> xml_unescape(std::string_view text);

// The declaration every Blob service XML body starts with.
inline constexpr std::string_view kXmlDeclaration = R"(<?xml version="1.0" encoding="utf-8"?>)";

}  // namespace drdrill::storage
