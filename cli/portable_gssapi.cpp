// The GSS-API functions that Debian's static libgit2 references (for Kerberos "Negotiate"
// HTTP authentication), for the portable build only (cmake/portable.cmake): Debian ships
// no static GSS-API library, and keysift never opens a network remote, so every call
// answers GSS_S_UNAVAILABLE and libgit2 falls back to its other authentication schemes.
// Signatures and constants follow RFC 2744, the GSS-API C bindings. Thread-safe.
#include <cstddef>
#include <cstdint>

namespace {

using OM_uint32 = std::uint32_t;
struct gss_buffer_desc {
  std::size_t length;
  void* value;
};
struct gss_OID_desc {
  OM_uint32 length;
  void* elements;
};
struct gss_OID_set_desc {
  std::size_t count;
  gss_OID_desc* elements;
};

constexpr OM_uint32 gss_s_complete = 0;
constexpr OM_uint32 gss_s_unavailable = 16u << 16; // GSS_S_UNAVAILABLE, a routine error

constexpr char message[] = "GSS-API is not available in keysift's portable build";

// 1.2.840.113554.1.2.1.4, the host-based service name type (RFC 2744, 3.10).
unsigned char hostbased_oid[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                 0x12, 0x01, 0x02, 0x01, 0x04};
gss_OID_desc hostbased = {sizeof hostbased_oid, hostbased_oid};

OM_uint32 unavailable(OM_uint32* minor) {
  if (minor) *minor = 0;
  return gss_s_unavailable;
}

} // namespace

extern "C" {

gss_OID_desc* GSS_C_NT_HOSTBASED_SERVICE = &hostbased;

OM_uint32 gss_indicate_mechs(OM_uint32* minor, gss_OID_set_desc** mechs) {
  if (mechs) *mechs = nullptr;
  return unavailable(minor);
}

OM_uint32 gss_import_name(OM_uint32* minor, gss_buffer_desc*, gss_OID_desc*, void** name) {
  if (name) *name = nullptr;
  return unavailable(minor);
}

OM_uint32 gss_init_sec_context(OM_uint32* minor, void*, void**, void*, gss_OID_desc*,
                               OM_uint32, OM_uint32, void*, gss_buffer_desc*,
                               gss_OID_desc**, gss_buffer_desc* output, OM_uint32*,
                               OM_uint32*) {
  if (output) *output = {0, nullptr};
  return unavailable(minor);
}

OM_uint32 gss_display_status(OM_uint32* minor, OM_uint32, int, gss_OID_desc*,
                             OM_uint32* context, gss_buffer_desc* text) {
  if (minor) *minor = 0;
  if (context) *context = 0;
  // Static text: gss_release_buffer below never frees it.
  if (text) *text = {sizeof message - 1, const_cast<char*>(message)};
  return gss_s_complete;
}

OM_uint32 gss_delete_sec_context(OM_uint32* minor, void** context, gss_buffer_desc*) {
  if (context) *context = nullptr;
  if (minor) *minor = 0;
  return gss_s_complete;
}

OM_uint32 gss_release_name(OM_uint32* minor, void** name) {
  if (name) *name = nullptr;
  if (minor) *minor = 0;
  return gss_s_complete;
}

OM_uint32 gss_release_buffer(OM_uint32* minor, gss_buffer_desc* buffer) {
  if (buffer) *buffer = {0, nullptr};
  if (minor) *minor = 0;
  return gss_s_complete;
}

OM_uint32 gss_release_oid_set(OM_uint32* minor, gss_OID_set_desc** set) {
  if (set) *set = nullptr;
  if (minor) *minor = 0;
  return gss_s_complete;
}

} // extern "C"
