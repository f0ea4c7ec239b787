#pragma once
// Mutation: one acknowledged write to a storage account, as a value.
//
// Every change to an account's data goes through a Mutation: the primary store applies it when the
// write is acknowledged, and geo-replication carries the same value to the secondary store, which
// applies it when it arrives. A Mutation carries the complete new state of what it touches (a whole
// blob version, all of a container's properties), so applying it is idempotent and needs nothing
// but the target store.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "storage/blob.h"

namespace drdrill::storage {

// Creates a container, or replaces the properties (metadata, access level) of an existing one.
struct PutContainer {
  std::string container;
  ContainerProperties properties;
};

// Deletes a container and every blob in it.
struct DeleteContainer {
  std::string container;
};

// Creates or replaces a blob (Put Blob, Put Block List, a metadata change).
struct PutBlob {
  std::string container;
  std::string blob;
  Blob value;
};

struct DeleteBlob {
  std::string container;
  std::string blob;
};

using Mutation = std::variant<PutContainer, DeleteContainer, PutBlob, DeleteBlob>;

// "PutBlob", "DeleteContainer", ...: for ledgers and traces.
std::string_view kind_name(const Mutation& m);
// What the write touched: "container" or "container/blob".
std::string target_name(const Mutation& m);
// Container the write belongs to.
std::string_view container_of(const Mutation& m);
// Bytes of blob content the write carries (0 for deletes and container writes).
std::uint64_t payload_bytes(const Mutation& m);

}  // namespace drdrill::storage
