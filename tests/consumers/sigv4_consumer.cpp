// Built against redrive::sigv4 (CMake) or redrive-sigv4 (pkg-config) only: compiles
// <redrive/sigv4.hpp> and <redrive/credentials/sts.hpp>, proves libcrypto is linked by hashing
// "abc" (FIPS 180-2 example: ba7816bf...), and pugixml by reading an STS answer.
#include <redrive/credentials/sts.hpp>
#include <redrive/sigv4.hpp>
#include <openssl/sha.h>

#include <cstdio>

int main() {
  const unsigned char abc[] = {'a', 'b', 'c'};
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(abc, sizeof abc, digest);
  if (digest[0] != 0xba || digest[1] != 0x78 || digest[31] != 0xad) return 1;
  auto creds = redrive::parse_sts_credentials(
      "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>AKID</AccessKeyId>"
      "<SecretAccessKey>s</SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>");
  if (!creds || creds->access_key_id != "AKID") return 1;
  std::printf("ok\n");
  return 0;
}
