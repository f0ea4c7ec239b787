// junit.xml: what CI systems show as test results. One testsuite per drill; a testcase per
// assertion, or, for a negative scenario, per expectation (its assertions reported without failing:
// a negative scenario's assertions are meant to fail).

#include <sstream>

#include "format.h"
#include "reports/reports.h"
#include "sim/drill.h"
#include "sim/enum_names.h"

namespace drdrill::reports {
namespace {

struct Case {
  std::string name;
  bool pass = true;
  std::string message;
  std::string output;
};

}  // namespace

std::string render_junit(const sim::DrillResult& r) {
  std::vector<Case> cases;
  if (r.expect) {
    cases.push_back(Case{"expect.verdict." + verdict_text(r.expect->verdict), r.verdict == r.expect->verdict,
                         "the drill's verdict was " + verdict_text(r.verdict), ""});
    for (const sim::Finding f : r.expect->findings) {
      const std::string name(sim::enum_name(f));
      cases.push_back(Case{"expect.finding." + name, r.findings.contains(f), "finding " + name + " was not reported", ""});
    }
    for (const sim::AssertionResult& a : r.assertions) {
      cases.push_back(Case{a.name, true, "", std::string(a.pass ? "held" : "failed (as a negative scenario may)") +
                                                 ": target " + a.target + ", measured " + a.measured});
    }
  } else {
    for (const sim::AssertionResult& a : r.assertions) {
      cases.push_back(Case{a.name, a.pass, "target " + a.target + ", measured " + a.measured,
                           "target " + a.target + ", measured " + a.measured});
    }
  }
  int failures = 0;
  for (const Case& c : cases) failures += c.pass ? 0 : 1;
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"drdrill\" tests=\"" << cases.size() << "\" failures=\"" << failures << "\">\n";
  out << "  <testsuite name=\"" << markup_escape(r.scenario) << "\" tests=\"" << cases.size() << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"0\" timestamp=\"" << markup_escape(format_iso8601(r.epoch)) << "\">\n";
  out << "    <properties>\n";
  out << "      <property name=\"seed\" value=\"" << r.seed << "\"/>\n";
  out << "      <property name=\"verdict\" value=\"" << verdict_text(r.verdict) << "\"/>\n";
  out << "      <property name=\"rto_s\" value=\"" << (r.rto_s ? std::to_string(*r.rto_s) : std::string("none")) << "\"/>\n";
  out << "      <property name=\"replay\" value=\"" << markup_escape(sim::replay_command(r)) << "\"/>\n";
  out << "    </properties>\n";
  for (const Case& c : cases) {
    out << "    <testcase classname=\"drdrill." << markup_escape(r.scenario) << "\" name=\"" << markup_escape(c.name) << "\" time=\"0\"";
    if (c.pass && c.output.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (!c.pass) out << "      <failure message=\"" << markup_escape(c.message) << "\">" << markup_escape(c.message) << "</failure>\n";
    if (!c.output.empty()) out << "      <system-out>" << markup_escape(c.output) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace drdrill::reports
