# redrive::sigv4 for a Meson install built with libcrypto (redriveConfig.cmake finds OpenSSL first).
if(NOT TARGET redrive::sigv4)
  add_library(redrive::sigv4 INTERFACE IMPORTED)
  set_target_properties(redrive::sigv4 PROPERTIES
    INTERFACE_LINK_LIBRARIES "redrive::redrive;OpenSSL::Crypto")
endif()
