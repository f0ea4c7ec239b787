#pragma once
// TlsIdentity: what an HTTPS server presents — its certificate chain and private key, as PEM text.
// Produced by LocalCertificateAuthority; kept as plain strings so no OpenSSL or Asio type leaks.

#include <string>

namespace drdrill::transport {

struct TlsIdentity {
  std::string certificate_chain_pem;  // leaf first, then any intermediates
  std::string private_key_pem;        // PKCS#8, unencrypted
};

}  // namespace drdrill::transport
