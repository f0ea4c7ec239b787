#pragma once
// LocalCertificateAuthority: a throw-away certificate authority for serving HTTPS on loopback.
//
// Official clients refuse some endpoints over plain HTTP (the Azure ARM SDKs will not send a
// bearer token to an http:// URL), so drdrill serves those over HTTPS with a CA made at start-up:
// a fresh ECDSA P-256 key and self-signed CA certificate, which issues server certificates for
// 127.0.0.1, ::1, localhost and whatever names the fakes answer to. Write the CA certificate to a
// file and point the client at it (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, curl --cacert).
// Everything is done in memory with OpenSSL 3; nothing is shelled out.
//
// Certificates are valid from one day before creation (tolerates clock skew between processes) for
// 90 days. Wildcards follow the usual client rules: "*.blob.localhost" matches
// "acct.blob.localhost", but OpenSSL and Node refuse a wildcard directly above a single label, so
// "*.localhost" matches nothing there — list such names explicitly.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "transport/tls_identity.h"

namespace drdrill::transport {

class LocalCertificateAuthority {
 public:
  // Generates the CA key and certificate. Internal if OpenSSL fails (it should not).
  static Result<LocalCertificateAuthority> create(std::string common_name = "drdrill local CA");

  LocalCertificateAuthority(LocalCertificateAuthority&&) noexcept;
  LocalCertificateAuthority& operator=(LocalCertificateAuthority&&) noexcept;
  ~LocalCertificateAuthority();

  // The CA certificate a client must trust, as PEM.
  const std::string& certificate_pem() const;
  // Writes certificate_pem() to `file` (replacing it).
  Status write_certificate_pem(const std::filesystem::path& file) const;

  // A server identity for 127.0.0.1, ::1 and localhost plus `extra_dns_names` (e.g.
  // "*.blob.localhost", "acct-secondary.blob.localhost"), with a fresh P-256 key. The chain is the
  // leaf followed by the CA certificate. InvalidArgument for an empty or malformed name.
  Result<TlsIdentity> issue_server_identity(const std::vector<std::string>& extra_dns_names = {}) const;

 private:
  struct Impl;
  explicit LocalCertificateAuthority(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace drdrill::transport
