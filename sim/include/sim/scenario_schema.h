#pragma once
// The scenario format, published from the same field table the loader checks against:
// - the JSON Schema (draft 2020-12) checked in as scenarios/drdrill-scenario.schema.json, which
//   editors use to complete and check fields;
// - the field reference in docs/scenarios.md.
// Tests compare both files with what these functions produce, so none can drift from the loader.

#include <string>

namespace drdrill::sim {

// The schema document, pretty-printed with two-space indentation and a final newline.
std::string scenario_json_schema_text();

// The Markdown field reference (one table per object), as docs/scenarios.md embeds it between
// <!-- BEGIN FIELD REFERENCE --> and <!-- END FIELD REFERENCE -->.
std::string scenario_field_reference_markdown();

}  // namespace drdrill::sim
