#include "reports/html_page.h"

#include "reports/markup.h"

namespace drdrill::reports {
namespace {

constexpr const char* kStyle = R"(body{font-family:sans-serif;margin:2em auto;max-width:1000px;color:#222}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f4}.pass{color:#1a7f37;font-weight:bold}.fail{color:#cf222e;font-weight:bold}
code{background:#f4f4f4;padding:0 .2em}.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.4em;vertical-align:middle}
.chart{overflow-x:auto})";

}  // namespace

std::string html_page(std::string_view title, std::string_view body) {
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  page += markup_escape(title);
  page += "</title>\n<style>\n";
  page += kStyle;
  page += "\n</style>\n</head>\n<body>\n";
  page += body;
  page += "<p>Written by drdrill. The same scenario and seeds give this page byte for byte.</p>\n</body>\n</html>\n";
  return page;
}

void html_table(std::ostringstream& out, const HtmlCells& header, const std::vector<HtmlCells>& rows, const char* empty) {
  if (rows.empty() && empty != nullptr) {
    out << "<p>" << empty << "</p>\n";
    return;
  }
  out << "<table>\n<tr>";
  for (const std::string& h : header) out << "<th>" << h << "</th>";
  out << "</tr>\n";
  for (const HtmlCells& row : rows) {
    out << "<tr>";
    for (const std::string& c : row) out << "<td>" << c << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n";
}

}  // namespace drdrill::reports
