#pragma once
// Process exit codes of the drdrill command; CI jobs gate on them. Documented in README.md.

namespace drdrill::cli {

enum ExitCode : int {
  kExitOk = 0,              // the command succeeded; for drills: every assertion passed
  kExitAssertionFailed = 1, // a drill ran to the end and at least one target or invariant failed
  kExitInvalidInput = 2,    // bad usage, unreadable or invalid scenario, unknown field
  kExitInternalError = 3,   // drdrill itself failed (a bound hit, a bug); the message says which
};

}  // namespace drdrill::cli
