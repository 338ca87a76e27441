# redrive::sigv4 for a Meson install built with libcrypto and pugixml (redriveConfig.cmake finds
# OpenSSL and pugixml first).
if(NOT TARGET redrive::sigv4)
  add_library(redrive::sigv4 INTERFACE IMPORTED)
  set_target_properties(redrive::sigv4 PROPERTIES
    INTERFACE_LINK_LIBRARIES "redrive::redrive;OpenSSL::Crypto;pugixml::pugixml")
endif()
