#!/usr/bin/env python3
"""Compiles every ```cpp block of README.md and docs/*.md against include/, so the docs cannot
drift from the headers. Prints one line per block and ends with "N passed, N failed".

Usage: docs_snippets.py [--root DIR] [--include DIR] [--crypto] [--std FLAG] [--list] -- CXX [CXX args...]

A block is compiled (-fsyntax-only, with the warnings of the build) in one of three forms,
chosen by its first line:
  // fragment            statements: wrapped into a function, after #include <redrive.hpp>
  // fragment(PARAMS)    the same, with PARAMS as the function's parameters (the values the
                         fragment takes as given, e.g. `std::string_view user_input`)
  // synopsis            declarations as the headers have them, each turned into checks that
                         compile only if it matches the real one (check_statement): types,
                         noexcept, const, explicit, which parameters have defaults, default
                         member values, enumerators in order
  anything else          a complete translation unit, compiled as it is
Fragments and synopses compile together in one translation unit (each in its own namespace);
only when that fails is each compiled alone, to name the failing blocks.
Blocks that include <redrive/sigv4.hpp> or <redrive/credentials/sts.hpp> (or whose first line
names one) need OpenSSL's headers, and sts.hpp pugixml's: without --crypto (a build without
libcrypto or pugixml) each is reported as skipped, with the reason.
Code that must not be compiled uses another fence tag: ```text, ```sh, ```json, or
```cpp-pending for code of an API that does not exist yet (reported, not compiled).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

PRELUDE = """#include <redrive.hpp>
{sigv4}
#include <array>
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>
"""

KEYWORDS = ("static", "constexpr", "consteval", "inline", "explicit", "friend", "virtual")
BUILTIN_TYPES = {"int", "char", "long", "short", "unsigned", "signed", "double", "float", "bool", "void",
                 "const", "auto"}


def blocks(path):
    """Yields (line number, fence tag, text) of every fenced block of a Markdown file."""
    fence = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines, 1):
        m = re.match(r"^(\s*)(```+|~~~+)\s*([^\s`]*)", line)
        if fence is None:
            if m:
                fence, tag, start, body = m.group(2), m.group(3), i, []
        elif line.strip().startswith(fence) and line.strip().strip(fence[0]) == "":
            yield start, tag, "\n".join(body) + "\n"
            fence = None
        else:
            body.append(line)


# ---- synopsis: header-like declarations turned into checks ----------------------------------

def strip_comments(text):
    """Removes // comments (not inside string or character literals)."""
    out = []
    for line in text.split("\n"):
        i, quote = 0, None
        while i < len(line):
            c = line[i]
            if quote:
                if c == "\\":
                    i += 1
                elif c == quote:
                    quote = None
            elif c in "\"'" and not (c == "'" and i > 0 and line[i - 1].isalnum()):
                quote = c
            elif line.startswith("//", i):
                line = line[:i]
                break
            i += 1
        out.append(line)
    return "\n".join(out)


def split_top(text, sep):
    """Splits at `sep` characters outside (), <>, {}, [] and string literals."""
    parts, depth, cur, quote = [], 0, [], None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            cur.append(c)
            if c == "\\":
                cur.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'" and not (c == "'" and i > 0 and text[i - 1].isalnum()):
            quote = c
            cur.append(c)
        elif c in "(<{[":
            # `operator<=>` and `operator<` are not brackets
            if c == "<" and re.search(r"operator\s*<?$", "".join(cur)):
                cur.append(c)
            else:
                depth += 1
                cur.append(c)
        elif c in ")>}]":
            if c == ">" and (re.search(r"operator\s*(<=|-)?$", "".join(cur)) or text[i - 1] == "-"):
                cur.append(c)
            else:
                depth -= 1
                cur.append(c)
        elif c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


def matching_open(text, close_at):
    """Index of the '(' or '<' that the bracket at close_at closes."""
    pair = {")": "(", ">": "<"}[text[close_at]]
    depth = 0
    for i in range(close_at, -1, -1):
        if text[i] == text[close_at]:
            depth += 1
        elif text[i] == pair:
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced: " + text)


def split_function(stmt):
    """(prefix, name, params, suffix) of `prefix name(params) suffix`."""
    # The parameter list is the last top-level (...) group before the qualifiers.
    m = re.search(r"\)\s*((?:const|noexcept|&&|&|=\s*default|=\s*delete|\s)*)$", stmt)
    if not m:
        raise ValueError("not a function declaration: " + stmt)
    close = m.start()
    open_ = matching_open(stmt, close)
    head, params, suffix = stmt[:open_].rstrip(), stmt[open_ + 1:close], m.group(1).strip()
    op = re.search(r"((?:[A-Za-z_]\w*(?:<[^()]*>)?::)*operator\s*(?:==|<=>|!=|<|>|\(\)|\[\]|=|\"\"\s*\w+))$", head)
    if op:
        name = op.group(1)
    else:
        j = len(head)
        while j > 0:
            if head[j - 1] == ">":
                j = matching_open(head, j - 1)
            elif re.match(r"[\w:~]", head[j - 1]):
                j -= 1
            else:
                break
        name = head[j:]
    prefix = head[: len(head) - len(name)].strip()
    return prefix, name.replace(" ", ""), params.strip(), suffix


def param_parts(param, index):
    """(declaration without its default, declaration with a name, the name, the type, defaulted)."""
    pieces = split_top(param, "=")
    decl = pieces[0].strip()
    defaulted = len(pieces) > 1
    m = re.match(r"^(.*[\s&*>])([A-Za-z_]\w*)$", decl)
    if m and m.group(1).strip() not in ("", "const") and m.group(2) not in BUILTIN_TYPES:
        return decl, decl, m.group(2), m.group(1).strip(), defaulted
    return decl, f"{decl} a{index}", f"a{index}", decl, defaulted


def forward_all(parts):
    return ", ".join(f"std::forward<decltype({p[2]})>({p[2]})" for p in parts)


def class_and_member(name):
    i = name.rfind("::")
    return (name[:i], name[i + 2:]) if i >= 0 else (None, name)


def check_statement(stmt, n):
    """C++ statements that compile only if the declaration `stmt` matches the library."""
    stmt = " ".join(stmt.split())
    attrs = re.match(r"^(\[\[[^\]]*\]\]\s*)*", stmt)
    stmt = stmt[attrs.end():]
    m = re.match(r"^enum class (\w+)\s*(?::\s*([\w:]+))?\s*\{(.*)\}$", stmt)
    if m:
        enum, under, names = m.group(1), m.group(2), [e.strip() for e in m.group(3).split(",") if e.strip()]
        out = [f"static_assert(std::is_enum_v<{enum}>);"]
        if under:
            out.append(f"static_assert(std::is_same_v<std::underlying_type_t<{enum}>, {under}>);")
        out += [f"static_assert(static_cast<int>({enum}::{e}) == {i}, \"{enum}::{e} is not enumerator {i}\");"
                for i, e in enumerate(names)]
        return out
    m = re.match(r"^using (\w+) = (.+)$", stmt)
    if m:
        return [f"static_assert(std::is_same_v<{m.group(1)}, {m.group(2)}>);"]
    if stmt.startswith("template"):
        raise ValueError("write templates as one instantiation: " + stmt)
    if re.search(r"\)\s*((?:const|noexcept|&&|&|=\s*default|=\s*delete|\s)*)$", stmt):
        return check_function(stmt, n)
    # A variable or data member: TYPE NAME [= VALUE]
    pieces = split_top(stmt, "=")
    decl, value = pieces[0].strip(), "=".join(pieces[1:]).strip()
    words = [w for w in split_top(decl, " ") if w]
    static = any(w in ("static", "inline", "constexpr") for w in words)
    words = [w for w in words if w not in KEYWORDS]
    if len(words) < 2:
        raise ValueError("cannot read declaration: " + stmt)
    type_, name = " ".join(words[:-1]), words[-1]
    cls, member = class_and_member(name)
    if cls and not static:
        out = [f"[[maybe_unused]] {type_} {cls}::* m{n} = &{cls}::{member};"]
        if value:  # a default member initializer, checked on a value-initialized object
            out.append(f"static_assert({cls}{{}}.{member} == {value}, \"default of {name}\");")
        return out
    out = [f"static_assert(std::is_same_v<std::remove_cv_t<decltype({name})>, {type_}>);"]
    if value:
        out.append(f"static_assert({name} == {value});")
    return out


def check_function(stmt, n):
    prefix, name, params, suffix = split_function(stmt)
    words = prefix.split()
    static = "static" in words
    explicit = "explicit" in words
    ret = " ".join(w for w in words if w not in KEYWORDS)
    plist = [p for p in split_top(params, ",") if p.strip()] if params.strip() not in ("", "void") else []
    parts = [param_parts(p, i) for i, p in enumerate(plist)]
    decls = ", ".join(p[0] for p in parts)
    required = [p for p in parts if not p[4]]
    cls, member = class_and_member(name)
    if cls == "literals":
        cls = None
    out = []
    if cls and member == class_and_member(cls)[1].split("<")[0]:  # a constructor
        arg_types = ", ".join(p[3] for p in parts)
        if "delete" in suffix:
            return [f"static_assert(!std::is_constructible_v<{cls}, {arg_types}>);"]
        for tag, ps in (("c", parts), ("d", required)) if len(required) < len(parts) else (("c", parts),):
            out.append(f"[[maybe_unused]] auto {tag}{n} = []({', '.join(p[1] for p in ps)}) {{ "
                       f"return {cls}({forward_all(ps)}); }};")
        if len(required) == 1:
            convertible = "!" if explicit else ""
            out.append(f"static_assert({convertible}std::is_convertible_v<{required[0][3]}, {cls}>, "
                       f"\"{name} is {'not ' if not explicit else ''}explicit\");")
        return out
    if "delete" in suffix or ("default" in suffix and "operator" not in member):
        raise ValueError("only constructors may be = delete / = default here: " + stmt)
    quals = " ".join(q for q in re.findall(r"const|noexcept|&&|&", suffix))
    target = f"{cls}::{member}" if cls else (name if "::" in name else f"redrive::{name}")
    if "consteval" in words:  # its address cannot be taken: check the type of a call instead
        args = ", ".join(f"std::declval<{p[3]}>()" for p in parts)
        call = f"std::declval<const {cls}&>().{member}" if cls and not static else target
        return [f"static_assert(std::is_same_v<decltype({call}({args})), {ret}>);"]
    if cls and not static:
        out.append(f"[[maybe_unused]] {ret} ({cls}::*f{n})({decls}) {quals} = &{target};")
        self_ = f"const {cls}& self" if "const" in quals.split() else f"{cls}& self"
        call = f"self.{member}"
        lead = [self_]
    else:
        noexcept = "noexcept" if "noexcept" in quals.split() else ""
        out.append(f"[[maybe_unused]] {ret} (*f{n})({decls}) {noexcept} = &{target};")
        call = target
        lead = []
    if len(required) < len(parts) and "operator" not in member:
        out.append(f"[[maybe_unused]] auto d{n} = []({', '.join(lead + [p[1] for p in required])}) "
                   f"-> decltype(auto) {{ return {call}({forward_all(required)}); }};")
    if "noexcept" not in quals.split():  # the pointer above checks a noexcept that is claimed
        obj = f"std::declval<{'const ' if 'const' in quals.split() else ''}{cls}&>().{member}" \
            if cls and not static else target
        args = ", ".join(f"std::declval<{p[3]}>()" for p in parts)
        out.append(f"static_assert(!noexcept({obj}({args})), \"{name} is noexcept\");")
    return out


def synopsis_source(text):
    body = strip_comments(text)
    checks = []
    for n, stmt in enumerate(split_top(body, ";")):
        if not stmt.strip():
            continue
        checks += check_statement(stmt.strip(), n)
    return "using namespace redrive;\nusing namespace redrive::literals;\nusing namespace std::chrono_literals;\n" \
        "inline void check() {\n" + "\n".join("  " + c for c in checks) + "\n}\n"


class Block:
    def __init__(self, where, text):
        self.where = where
        first = text.split("\n", 1)[0].strip()
        self.needs_crypto = bool(re.search(r"#\s*include\s*[<\"]redrive/(sigv4|credentials/sts)\.hpp[>\"]", text)) or \
            "<redrive/sigv4.hpp>" in first or "<redrive/credentials/sts.hpp>" in first
        fragment = re.match(r"^// fragment(?:\((.*)\))?$", first)
        if first.startswith("// synopsis"):
            self.wrapped = synopsis_source(text)  # may raise ValueError
        elif fragment:
            self.wrapped = f"inline void fragment({fragment.group(1) or ''}) {{\n{text}\n}}\n"
        else:
            self.wrapped = None
            self.whole = text


def prelude(crypto):
    return PRELUDE.format(sigv4="#include <redrive/sigv4.hpp>\n#include <redrive/credentials/sts.hpp>" if crypto else "")


def wrapped_unit(blocks):
    """One translation unit for synopsis and fragment blocks, each in a namespace of its own."""
    crypto = any(b.needs_crypto for b in blocks)
    return prelude(crypto) + "".join(f"\n// ---- {b.where}\nnamespace docs_block_{i} {{\n{b.wrapped}}}\n"
                                     for i, b in enumerate(blocks))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    ap.add_argument("--include", help="the library's include directory (default: ROOT/include)")
    ap.add_argument("--crypto", action="store_true", help="OpenSSL's and pugixml's headers are available")
    ap.add_argument("--std", default="-std=c++23")
    ap.add_argument("--list", action="store_true", help="print each generated translation unit")
    ap.add_argument("cxx", nargs="+")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    include = os.path.abspath(args.include or os.path.join(root, "include"))
    files = [os.path.join(root, "README.md")]
    docs = os.path.join(root, "docs")
    files += sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))

    passed = failed = pending = skipped = 0
    wrapped, whole = [], []
    for path in files:
        rel = os.path.relpath(path, root)
        for line, tag, text in blocks(path):
            where = f"{rel}:{line}"
            if tag == "cpp-pending":
                pending += 1
                print(f"pending {where} (cpp-pending: not compiled)")
                continue
            if tag not in ("cpp", "c++"):
                continue
            try:
                block = Block(where, text)
            except ValueError as e:
                failed += 1
                print(f"FAIL {where}: {e}")
                continue
            if block.needs_crypto and not args.crypto:
                skipped += 1
                print(f"SKIPPED {where}: needs <redrive/sigv4.hpp> or <redrive/credentials/sts.hpp>, and this build has no libcrypto or pugixml")
                continue
            (wrapped if block.wrapped is not None else whole).append(block)

    with tempfile.TemporaryDirectory() as tmp:
        def compile_unit(source, name, crypto):
            src = os.path.join(tmp, name + ".cpp")
            with open(src, "w", encoding="utf-8") as f:
                f.write(source)
            if args.list:
                print(f"---- {name}\n{source}")
            cmd = args.cxx + [args.std, "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                              "-Wno-unused-variable", "-Wno-unused-but-set-variable", "-Wno-unused-parameter",
                              "-I" + include, src]
            if crypto:
                cmd.append("-DREDRIVE_HAVE_LIBCRYPTO")
            r = subprocess.run(cmd, capture_output=True, text=True)
            return r.returncode == 0, r.stderr

        # The wrapped blocks compile together (one compiler run); only when that fails is each one
        # compiled alone, to say which.
        together = bool(wrapped) and compile_unit(wrapped_unit(wrapped), "wrapped", any(b.needs_crypto for b in wrapped))[0]
        for i, b in enumerate(wrapped):
            ok, errors = (True, "") if together else compile_unit(wrapped_unit([b]), f"block{i}", b.needs_crypto)
            passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
            print(f"ok {b.where}" if ok else f"FAIL {b.where}:\n{errors}")
        for i, b in enumerate(whole):
            ok, errors = compile_unit(b.whole, f"whole{i}", b.needs_crypto)
            passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
            print(f"ok {b.where}" if ok else f"FAIL {b.where}:\n{errors}")
    if pending:
        print(f"{pending} cpp-pending blocks not compiled")
    if skipped:
        print(f"{skipped} blocks skipped: they need libcrypto (SigV4) or pugixml (STS), which this build does not have")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
