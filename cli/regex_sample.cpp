#include "cli/regex_sample.h"

#include <cctype>
#include <memory>
#include <vector>

namespace keysift::cli {
namespace {

// A set of bytes (printable ASCII, tab and newline are all the generator draws from).
using Bytes = std::vector<char>;

struct Node {
  enum Kind { literal, set, group, alternation, sequence, repeat, empty } kind = empty;
  Bytes chars;          // literal: one char; set: the choices
  bool fold = false;    // (?i): a literal may be drawn in either case
  int group_number = 0; // group: 0 for a non-capturing one
  std::string group_name;
  int min = 1, max = 1; // repeat
  std::vector<std::unique_ptr<Node>> kids;
};
using NodePtr = std::unique_ptr<Node>;

Bytes printable(bool with_newline) {
  Bytes out;
  for (char c = ' '; c <= '~'; ++c) out.push_back(c);
  out.push_back('\t');
  if (with_newline) out.push_back('\n');
  return out;
}

bool in(const Bytes& set, char c) {
  for (const char x : set)
    if (x == c) return true;
  return false;
}

Bytes complement(const Bytes& set) {
  Bytes out;
  for (const char c : printable(false))
    if (!in(set, c)) out.push_back(c);
  return out;
}

// As bytes: with signed chars, a range reaching past 0x7f ([a-\xff]) was empty.
void add_range(Bytes& out, char a, char b) {
  const int last = static_cast<unsigned char>(b);
  for (int c = static_cast<unsigned char>(a); c <= last; ++c)
    out.push_back(static_cast<char>(c));
}

// The class of \d \w \s (lower case) or its complement (upper case); empty if not one.
Bytes perl_class(char c) {
  Bytes out;
  switch (c | 0x20) {
  case 'd':
    add_range(out, '0', '9');
    break;
  case 'w':
    add_range(out, '0', '9');
    add_range(out, 'A', 'Z');
    add_range(out, 'a', 'z');
    out.push_back('_');
    break;
  case 's':
    out = {' ', '\t', '\n'};
    break;
  default:
    return {};
  }
  return c >= 'a' ? out : complement(out);
}

class Parser {
public:
  explicit Parser(std::string_view p) : p_(p) {}

  Result<NodePtr> parse() {
    auto node = alternation(false);
    if (!ok_) return Status::error(error_);
    if (at_ < p_.size())
      return Status::error("unbalanced ')' at offset " + std::to_string(at_));
    return node;
  }

private:
  bool more() const { return at_ < p_.size(); }
  char peek() const { return p_[at_]; }
  NodePtr fail(const std::string& why) {
    if (ok_) error_ = why + " at offset " + std::to_string(at_);
    ok_ = false;
    return std::make_unique<Node>();
  }

  NodePtr alternation(bool fold) {
    auto alt = std::make_unique<Node>();
    alt->kind = Node::alternation;
    alt->kids.push_back(sequence(fold));
    while (ok_ && more() && peek() == '|') {
      ++at_;
      alt->kids.push_back(sequence(fold));
    }
    return alt;
  }

  NodePtr sequence(bool& fold) {
    auto seq = std::make_unique<Node>();
    seq->kind = Node::sequence;
    while (ok_ && more() && peek() != '|' && peek() != ')') {
      if (p_.substr(at_).starts_with("(?i)")) { // a flag for the rest of the group
        at_ += 4;
        fold = true;
        continue;
      }
      NodePtr atom_node = atom(fold);
      seq->kids.push_back(quantified(std::move(atom_node)));
    }
    return seq;
  }

  int number() {
    int n = 0;
    bool any = false;
    while (more() && peek() >= '0' && peek() <= '9') {
      n = n * 10 + (p_[at_++] - '0');
      any = true;
      if (n > 100000) return -2;
    }
    return any ? n : -1;
  }

  NodePtr quantified(NodePtr node) {
    while (ok_ && more()) {
      int lo = 0, hi = 0;
      const char c = peek();
      if (c == '*' || c == '+' || c == '?') {
        ++at_;
        lo = c == '+' ? 1 : 0;
        hi = c == '?' ? 1 : lo + 8;
      } else if (c == '{' && at_ + 1 < p_.size() && p_[at_ + 1] >= '0' &&
                 p_[at_ + 1] <= '9') {
        ++at_;
        lo = number();
        hi = lo;
        if (more() && peek() == ',') {
          ++at_;
          hi = number();
          if (hi == -1) hi = lo + 16;
        }
        if (!more() || peek() != '}' || lo < 0 || hi < lo) return fail("bad repetition");
        ++at_;
      } else {
        return node;
      }
      if (more() && (peek() == '?' || peek() == '+')) ++at_; // lazy or possessive
      auto rep = std::make_unique<Node>();
      rep->kind = Node::repeat;
      rep->min = lo;
      rep->max = hi;
      rep->kids.push_back(std::move(node));
      node = std::move(rep);
    }
    return node;
  }

  NodePtr group(bool fold) {
    ++at_; // (
    auto g = std::make_unique<Node>();
    g->kind = Node::group;
    if (p_.substr(at_).starts_with("?P<") || p_.substr(at_).starts_with("?<")) {
      at_ += p_[at_ + 1] == 'P' ? 3u : 2u;
      const auto end = p_.find('>', at_);
      if (end == std::string_view::npos) return fail("unterminated group name");
      g->group_name = std::string(p_.substr(at_, end - at_));
      at_ = end + 1;
      g->group_number = ++groups_;
    } else if (p_.substr(at_).starts_with("?")) {
      ++at_;
      // Flags: (?i:...), (?:...), (?s:...), (?-i:...) …
      while (more() && peek() != ':' && peek() != ')') {
        if (peek() == 'i') fold = true;
        ++at_;
      }
      if (!more()) return fail("unterminated group");
      if (peek() == ')') { // (?flags) alone: applies to the rest of the enclosing group
        ++at_;
        return std::make_unique<Node>();
      }
      ++at_; // ':'
    } else {
      g->group_number = ++groups_;
    }
    g->kids.push_back(alternation(fold));
    if (!more() || peek() != ')') return fail("missing ')'");
    ++at_;
    return g;
  }

  // An escape after '\': a class, a zero-width assertion (empty node) or a literal byte.
  NodePtr escape(bool fold) {
    if (!more()) return fail("trailing backslash");
    const char c = p_[at_++];
    if (Bytes cls = perl_class(c); !cls.empty()) return set_node(std::move(cls));
    if (c == 'b' || c == 'B' || c == 'A' || c == 'z' || c == 'Z' || c == 'G')
      return std::make_unique<Node>();
    if (c == 'p' || c == 'P') return fail("unicode classes are not supported");
    return literal_node(escaped_byte(c), fold);
  }

  char escaped_byte(char c) {
    switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case 'x': {
      const auto hex = std::string(p_.substr(at_, 2));
      at_ += 2;
      return static_cast<char>(std::stoi(hex, nullptr, 16));
    }
    default:
      return c;
    }
  }

  NodePtr set_node(Bytes chars) {
    auto n = std::make_unique<Node>();
    n->kind = Node::set;
    n->chars = std::move(chars);
    if (n->chars.empty()) return fail("a class that matches nothing printable");
    return n;
  }

  NodePtr literal_node(char c, bool fold) {
    auto n = std::make_unique<Node>();
    n->kind = Node::literal;
    n->chars = {c};
    n->fold = fold;
    return n;
  }

  NodePtr char_class(bool fold) {
    ++at_; // [
    bool negate = false;
    if (more() && peek() == '^') {
      negate = true;
      ++at_;
    }
    Bytes chars;
    bool first = true;
    while (ok_ && more() && (peek() != ']' || first)) {
      first = false;
      if (p_.substr(at_).starts_with("[:")) {
        const auto end = p_.find(":]", at_);
        if (end == std::string_view::npos) return fail("bad POSIX class");
        const auto name = p_.substr(at_ + 2, end - at_ - 2);
        at_ = end + 2;
        if (name == "alnum" || name == "alpha" || name == "digit" || name == "upper" ||
            name == "lower") {
          if (name != "digit" && name != "lower") add_range(chars, 'A', 'Z');
          if (name != "digit" && name != "upper") add_range(chars, 'a', 'z');
          if (name == "alnum" || name == "digit") add_range(chars, '0', '9');
        } else if (name == "xdigit") {
          add_range(chars, '0', '9');
          add_range(chars, 'a', 'f');
          add_range(chars, 'A', 'F');
        } else if (name == "space") {
          chars.insert(chars.end(), {' ', '\t', '\n'});
        } else if (name == "punct") {
          for (const char c : printable(false))
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != ' ' && c != '\t')
              chars.push_back(c);
        } else {
          return fail("unknown POSIX class");
        }
        continue;
      }
      char lo = p_[at_++];
      if (lo == '\\') {
        if (!more()) return fail("trailing backslash");
        const char e = p_[at_++];
        if (Bytes cls = perl_class(e); !cls.empty()) {
          chars.insert(chars.end(), cls.begin(), cls.end());
          continue;
        }
        lo = escaped_byte(e);
      }
      char hi = lo;
      if (at_ + 1 < p_.size() && peek() == '-' && p_[at_ + 1] != ']') {
        ++at_;
        hi = p_[at_++];
        if (hi == '\\' && more()) hi = escaped_byte(p_[at_++]);
      }
      // Compared as bytes: as signed chars, [ -\xff] read as a range running backwards.
      const int from = static_cast<unsigned char>(lo), to = static_cast<unsigned char>(hi);
      if (to < from) return fail("bad range");
      add_range(chars, lo, hi);
      if (fold)
        for (int c = from; c <= to; ++c) {
          if (c >= 'a' && c <= 'z') chars.push_back(static_cast<char>(c - 32));
          if (c >= 'A' && c <= 'Z') chars.push_back(static_cast<char>(c + 32));
        }
    }
    if (!more()) return fail("missing ']'");
    ++at_;
    Bytes allowed;
    for (const char c : printable(true))
      if (in(chars, c) != negate && !(negate && c == '\n')) allowed.push_back(c);
    return set_node(std::move(allowed));
  }

  NodePtr atom(bool fold) {
    const char c = p_[at_];
    switch (c) {
    case '(':
      return group(fold);
    case '[':
      return char_class(fold);
    case '\\':
      ++at_;
      return escape(fold);
    case '.':
      ++at_;
      return set_node(printable(false));
    case '^':
    case '$':
      ++at_;
      return std::make_unique<Node>();
    default:
      ++at_;
      return literal_node(c, fold);
    }
  }

  std::string_view p_;
  std::size_t at_ = 0;
  int groups_ = 0;
  bool ok_ = true;
  std::string error_;
};

class Walker {
public:
  Walker(std::mt19937_64& random, RegexSample& out) : random_(random), out_(out) {}

  void walk(const Node& n) {
    switch (n.kind) {
    case Node::literal:
      out_.text += n.fold && std::isalpha(static_cast<unsigned char>(n.chars[0])) && coin()
                       ? static_cast<char>(n.chars[0] ^ 0x20)
                       : n.chars[0];
      break;
    case Node::set:
      out_.text += n.chars[pick(n.chars.size())];
      break;
    case Node::alternation:
      walk(*n.kids[pick(n.kids.size())]);
      break;
    case Node::sequence:
      for (const auto& k : n.kids) walk(*k);
      break;
    case Node::repeat: {
      const int count =
          n.min + static_cast<int>(pick(static_cast<std::size_t>(n.max - n.min) + 1));
      for (int i = 0; i < count; ++i) walk(*n.kids[0]);
      break;
    }
    case Node::group: {
      const std::size_t begin = out_.text.size();
      walk(*n.kids[0]);
      if (n.group_number > 0) out_.groups[n.group_number] = {begin, out_.text.size()};
      if (!n.group_name.empty()) out_.named[n.group_name] = {begin, out_.text.size()};
      break;
    }
    case Node::empty:
      break;
    }
  }

private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
  }
  bool coin() { return pick(2) == 0; }

  std::mt19937_64& random_;
  RegexSample& out_;
};

} // namespace

Result<RegexSample> sample_regex(std::string_view pattern, std::mt19937_64& random) {
  auto tree = Parser(pattern).parse();
  if (!tree) return tree.status();
  RegexSample out;
  Walker(random, out).walk(**tree);
  return out;
}

} // namespace keysift::cli
