// REDRIVE_LIFETIME_BOUND marks a parameter (or, after a member function's qualifiers, the object
// itself) whose lifetime the result borrows from: a view returned by an accessor dangles once its
// object is gone. Compilers that know the attribute (clang) warn when the object is a temporary
// (-Wdangling); others (g++ 12) ignore it. Define it before including redrive to override it.
#pragma once

#ifndef REDRIVE_LIFETIME_BOUND
#if defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::lifetimebound)
#define REDRIVE_LIFETIME_BOUND [[clang::lifetimebound]]
#elif __has_cpp_attribute(msvc::lifetimebound)
#define REDRIVE_LIFETIME_BOUND [[msvc::lifetimebound]]
#endif
#endif
#endif
#ifndef REDRIVE_LIFETIME_BOUND
#define REDRIVE_LIFETIME_BOUND
#endif
