#include "transport/local_certificate_authority.h"

#include <array>
#include <fstream>
#include <memory>
#include <string_view>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace drdrill::transport {

namespace {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const { Free(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

constexpr long kSecondsPerDay = 24 * 60 * 60;
constexpr long kBackdateSeconds = kSecondsPerDay;     // tolerate clocks a little behind ours
constexpr long kValiditySeconds = 90 * kSecondsPerDay;

Status openssl_error(std::string_view what) {
  std::string message(what);
  if (const unsigned long code = ERR_get_error(); code != 0) {
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    message += ": ";
    message += text.data();
  }
  ERR_clear_error();
  return Status::Internal(message);
}

KeyPtr generate_p256_key() { return KeyPtr(EVP_EC_gen("P-256")); }

// A certificate with a random positive 127-bit serial, the validity window, `subject_key` and
// the subject CN; issuer name and extensions are the caller's.
CertPtr new_certificate(EVP_PKEY* subject_key, std::string_view common_name) {
  CertPtr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) return nullptr;

  std::array<unsigned char, 16> serial{};
  if (RAND_bytes(serial.data(), static_cast<int>(serial.size())) != 1) return nullptr;
  serial[0] &= 0x7f;  // positive
  BignumPtr bn(BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr));
  if (!bn || BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert.get())) == nullptr) return nullptr;

  // Validity is checked by clients against their real clock, so it is set from ours.
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kBackdateSeconds) == nullptr) {  // wall-clock ok: validity
    return nullptr;
  }
  if (X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds) == nullptr) {  // wall-clock ok: validity
    return nullptr;
  }
  if (X509_set_pubkey(cert.get(), subject_key) != 1) return nullptr;

  X509_NAME* name = X509_get_subject_name(cert.get());
  const auto add = [&](const char* field, std::string_view value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.data()),
                                      static_cast<int>(value.size()), -1, 0) == 1;
  };
  if (!add("O", "drdrill") || !add("CN", common_name)) return nullptr;
  return cert;
}

bool add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string certificate_to_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
  return bio_text(bio.get());
}

std::string private_key_to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) return {};
  return bio_text(bio.get());
}

// A DNS name or a leftmost-label wildcard ("*.blob.localhost"): letters, digits, '-' and '.',
// which also keeps the name from smuggling anything into the OpenSSL extension syntax.
bool valid_dns_name(std::string_view name) {
  if (name.starts_with("*.")) name.remove_prefix(2);
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.back() == '.') return false;
  char previous = '.';
  for (const char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && c != '-' && c != '.') return false;
    if (c == '.' && previous == '.') return false;
    previous = c;
  }
  return true;
}

}  // namespace

struct LocalCertificateAuthority::Impl {
  KeyPtr key;
  CertPtr certificate;
  std::string certificate_pem;
};

LocalCertificateAuthority::LocalCertificateAuthority(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LocalCertificateAuthority::LocalCertificateAuthority(LocalCertificateAuthority&&) noexcept = default;
LocalCertificateAuthority& LocalCertificateAuthority::operator=(LocalCertificateAuthority&&) noexcept = default;
LocalCertificateAuthority::~LocalCertificateAuthority() = default;

Result<LocalCertificateAuthority> LocalCertificateAuthority::create(std::string common_name) {
  auto impl = std::make_unique<Impl>();
  impl->key = generate_p256_key();
  if (!impl->key) return openssl_error("generating the CA key");
  impl->certificate = new_certificate(impl->key.get(), common_name);
  X509* cert = impl->certificate.get();
  if (!cert || X509_set_issuer_name(cert, X509_get_subject_name(cert)) != 1) {
    return openssl_error("building the CA certificate");
  }
  // What strict verifiers (Python 3.13's VERIFY_X509_STRICT, Go) require of a CA certificate.
  const bool extensions_ok = add_extension(cert, cert, NID_basic_constraints, "critical,CA:TRUE,pathlen:0") &&
                             add_extension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") &&
                             add_extension(cert, cert, NID_subject_key_identifier, "hash") &&
                             add_extension(cert, cert, NID_authority_key_identifier, "keyid:always");
  if (!extensions_ok) return openssl_error("adding the CA certificate extensions");
  if (X509_sign(cert, impl->key.get(), EVP_sha256()) == 0) return openssl_error("signing the CA certificate");
  impl->certificate_pem = certificate_to_pem(cert);
  if (impl->certificate_pem.empty()) return openssl_error("encoding the CA certificate");
  return LocalCertificateAuthority(std::move(impl));
}

const std::string& LocalCertificateAuthority::certificate_pem() const { return impl_->certificate_pem; }

Status LocalCertificateAuthority::write_certificate_pem(const std::filesystem::path& file) const {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << impl_->certificate_pem;
  out.close();
  if (!out) return Status::Unavailable("cannot write the CA certificate to " + file.string());
  return Status::Ok();
}

Result<TlsIdentity> LocalCertificateAuthority::issue_server_identity(
    const std::vector<std::string>& extra_dns_names) const {
  std::string alt_names = "DNS:localhost,IP:127.0.0.1,IP:::1";
  for (const auto& name : extra_dns_names) {
    if (!valid_dns_name(name)) return Status::InvalidArgument("not a DNS name for a certificate: '" + name + "'");
    alt_names += ",DNS:" + name;
  }

  KeyPtr key = generate_p256_key();
  if (!key) return openssl_error("generating the server key");
  CertPtr leaf = new_certificate(key.get(), "localhost");
  X509* cert = leaf.get();
  X509* ca = impl_->certificate.get();
  if (!cert || X509_set_issuer_name(cert, X509_get_subject_name(ca)) != 1) {
    return openssl_error("building the server certificate");
  }
  const bool extensions_ok = add_extension(cert, ca, NID_basic_constraints, "critical,CA:FALSE") &&
                             add_extension(cert, ca, NID_key_usage, "critical,digitalSignature") &&
                             add_extension(cert, ca, NID_ext_key_usage, "serverAuth") &&
                             add_extension(cert, ca, NID_subject_key_identifier, "hash") &&
                             add_extension(cert, ca, NID_authority_key_identifier, "keyid:always") &&
                             add_extension(cert, ca, NID_subject_alt_name, alt_names);
  if (!extensions_ok) return openssl_error("adding the server certificate extensions");
  if (X509_sign(cert, impl_->key.get(), EVP_sha256()) == 0) return openssl_error("signing the server certificate");

  TlsIdentity identity;
  identity.certificate_chain_pem = certificate_to_pem(cert) + impl_->certificate_pem;
  identity.private_key_pem = private_key_to_pem(key.get());
  if (identity.private_key_pem.empty() || identity.certificate_chain_pem.size() <= impl_->certificate_pem.size()) {
    return openssl_error("encoding the server identity");
  }
  return identity;
}

}  // namespace drdrill::transport
