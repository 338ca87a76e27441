// Linked to redrive::sigv4 only: compiles <redrive/sigv4.hpp> (once it exists) and proves that
// the target brings libcrypto by hashing "abc" (FIPS 180-2 example: ba7816bf...).
#if __has_include(<redrive/sigv4.hpp>)
#include <redrive/sigv4.hpp>
#endif
#include <openssl/sha.h>

#include <cstdio>

int main() {
  const unsigned char abc[] = {'a', 'b', 'c'};
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(abc, sizeof abc, digest);
  if (digest[0] != 0xba || digest[1] != 0x78 || digest[31] != 0xad) return 1;
  std::printf("ok\n");
  return 0;
}
