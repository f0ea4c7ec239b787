#pragma once
// The building blocks of drdrill's HTML pages (report.html, sweep.html): one self-contained page
// (no script, no file loaded from elsewhere, so it opens from a CI artifact store or an e-mail as
// it is) and its tables.

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace drdrill::reports {

// A whole page: doctype, <head> with `title` (escaped here) and the shared style, then `body`
// (already markup).
std::string html_page(std::string_view title, std::string_view body);

// One table row's cells, already markup (escape text with markup_escape).
using HtmlCells = std::vector<std::string>;

// A table, or `<p>empty</p>` when there are no rows and `empty` is given.
void html_table(std::ostringstream& out, const HtmlCells& header, const std::vector<HtmlCells>& rows,
                const char* empty = nullptr);

}  // namespace drdrill::reports
