#include "storage/mutation.h"

namespace drdrill::storage {

namespace {
template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;
}  // namespace

std::string_view kind_name(const Mutation& m) {
  return std::visit(Overloaded{
                        [](const PutContainer&) { return std::string_view("PutContainer"); },
                        [](const DeleteContainer&) { return std::string_view("DeleteContainer"); },
                        [](const PutBlob&) { return std::string_view("PutBlob"); },
                        [](const DeleteBlob&) { return std::string_view("DeleteBlob"); },
                    },
                    m);
}

std::string target_name(const Mutation& m) {
  return std::visit(Overloaded{
                        [](const PutContainer& w) { return w.container; },
                        [](const DeleteContainer& w) { return w.container; },
                        [](const PutBlob& w) { return w.container + "/" + w.blob; },
                        [](const DeleteBlob& w) { return w.container + "/" + w.blob; },
                    },
                    m);
}

std::string_view container_of(const Mutation& m) {
  return std::visit([](const auto& w) { return std::string_view(w.container); }, m);
}

std::uint64_t payload_bytes(const Mutation& m) {
  if (const auto* put = std::get_if<PutBlob>(&m)) return put->value.size_bytes();
  return 0;
}

}  // namespace drdrill::storage
