#pragma once

#include <functional>

#include "http/request.h"
#include "http/response.h"

namespace drdrill::http {

// What every service model exposes and every transport serves: a request in, a response out.
// Handlers run on the transport's (or the simulation's) single thread.
using Handler = std::function<Response(const Request&)>;

}  // namespace drdrill::http
