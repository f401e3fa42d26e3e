// Node-API binding of native screening: a Screener per thread, schemas added as JS compiles them, pieces screened.
#include <napi.h>

#include "screener.h"

namespace dragnet {

namespace {

template <typename T, typename Array>
std::vector<T> vectorOf(const Napi::Value& value) {
  Array array = value.As<Array>();
  return std::vector<T>(array.Data(), array.Data() + array.ElementLength());
}

Ids ids(const Napi::Value& value) { return vectorOf<int32_t, Napi::Int32Array>(value); }

/** References to the typed arrays a screener reads in place (see `Table`), held as long as it may read them. */
using Borrowed = std::vector<Napi::Reference<Napi::Value>>;

template <typename T, typename Array>
Table<T> tableOf(const Napi::Value& value, Borrowed& borrowed) {
  Array array = value.As<Array>();
  borrowed.push_back(Napi::Persistent(value));
  return Table<T>(array.Data(), array.ElementLength());
}

uint32_t number(const Napi::Object& object, const char* key) {
  return object.Get(key).As<Napi::Number>().Uint32Value();
}

/** A list of [key, Int32Array] pairs into a string map. */
void stringIndex(const Napi::Value& value, StringMap<Ids>& out) {
  Napi::Array entries = value.As<Napi::Array>();
  for (uint32_t i = 0; i < entries.Length(); i++) {
    Napi::Array entry = entries.Get(i).As<Napi::Array>();
    out.emplace(entry.Get(0u).As<Napi::String>().Utf8Value(), ids(entry.Get(1u)));
  }
}

void valueIndex(const Napi::Object& spec, ValueIndex& index) {
  Napi::Array numbers = spec.Get("numbers").As<Napi::Array>();
  for (uint32_t i = 0; i < numbers.Length(); i++) {
    Napi::Array entry = numbers.Get(i).As<Napi::Array>();
    double key = entry.Get(0u).As<Napi::Number>().DoubleValue();
    index.numbers.emplace(key == 0 ? 0.0 : key, ids(entry.Get(1u)));
  }
  stringIndex(spec.Get("exact"), index.exact);
  stringIndex(spec.Get("folded"), index.folded);
}

void automaton(const Napi::Object& spec, Automaton& out, Borrowed& borrowed) {
  out.width = number(spec, "width");
  out.dense = number(spec, "dense");
  Napi::Value delta = spec.Get("delta");
  if (delta.As<Napi::TypedArray>().TypedArrayType() == napi_uint16_array)
    out.delta16 = tableOf<uint16_t, Napi::Uint16Array>(delta, borrowed);
  else
    out.delta32 = tableOf<uint32_t, Napi::Uint32Array>(delta, borrowed);
  out.nodes = tableOf<int32_t, Napi::Int32Array>(spec.Get("nodes"), borrowed);
  out.edges = tableOf<int32_t, Napi::Int32Array>(spec.Get("edges"), borrowed);
  out.report = tableOf<uint32_t, Napi::Uint32Array>(spec.Get("report"), borrowed);
  out.fail = tableOf<uint32_t, Napi::Uint32Array>(spec.Get("fail"), borrowed);
  out.ownStart = tableOf<uint32_t, Napi::Uint32Array>(spec.Get("ownStart"), borrowed);
  out.ownPayloads = tableOf<int32_t, Napi::Int32Array>(spec.Get("ownPayloads"), borrowed);
  double shortest = spec.Get("shortest").As<Napi::Number>().DoubleValue();
  out.shortest = shortest > 1e9 ? 1000000000u : static_cast<uint32_t>(shortest);  // Infinity: no patterns
}

void gramIndex(const Napi::Value& value, GramIndex& out, Borrowed& borrowed) {
  if (!value.IsObject()) return;
  Napi::Object spec = value.As<Napi::Object>();
  out.bits = number(spec, "bits");
  out.filter = tableOf<uint8_t, Napi::Uint8Array>(spec.Get("filter"), borrowed);
  out.bucketStart = tableOf<uint32_t, Napi::Uint32Array>(spec.Get("bucketStart"), borrowed);
  out.keys = tableOf<uint32_t, Napi::Uint32Array>(spec.Get("keys"), borrowed);
  out.patternStart = tableOf<uint32_t, Napi::Uint32Array>(spec.Get("patternStart"), borrowed);
  out.patternClasses = tableOf<uint8_t, Napi::Uint8Array>(spec.Get("patternClasses"), borrowed);
  out.payloadStart = tableOf<uint32_t, Napi::Uint32Array>(spec.Get("payloadStart"), borrowed);
  out.payloads = tableOf<int32_t, Napi::Int32Array>(spec.Get("payloads"), borrowed);
}

bool isHex(char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

/**
 * The pattern as node-re2 hands it to RE2 (JS syntax it rewrites: `\uXXXX` and `\u{…}` as `\x{…}`, `(?<name>` as
 * `(?P<name>`, an empty pattern, the `m` flag as `(?m)`); false for the rewrites not done here (`\c`, `\p{…}`).
 */
bool re2Source(const std::string& pattern, bool multiline, std::string& out) {
  out = pattern.empty() ? "(?:)" : multiline ? "(?m)" : "";
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      char next = pattern[i + 1];
      if (next == 'c' || next == 'p' || next == 'P') return false;
      if (next == 'u' && i + 2 < pattern.size() && pattern[i + 2] == '{') {
        out += "\\x{";
        i += 3;
        continue;
      }
      if (next == 'u' && i + 2 < pattern.size() && isHex(pattern[i + 2])) {
        out += "\\x{";
        i += 2;
        for (size_t digits = 0; digits < 4 && i < pattern.size() && isHex(pattern[i]); digits++) out += pattern[i++];
        out += '}';
        continue;
      }
      out.append(pattern, i, 2);
      i += 2;
      continue;
    }
    if (c == '(' && pattern.compare(i, 3, "(?<") == 0 &&
        (i + 3 >= pattern.size() || (pattern[i + 3] != '=' && pattern[i + 3] != '!'))) {
      out += "(?P<";
      i += 3;
      continue;
    }
    out += c;
    i++;
  }
  return true;
}

/** RE2's options for a flag string, as node-re2 sets them. */
re2::RE2::Options re2Options(const std::string& flags) {
  re2::RE2::Options options;
  options.set_case_sensitive(flags.find('i') == std::string::npos);
  options.set_one_line(flags.find('m') == std::string::npos);
  options.set_dot_nl(flags.find('s') != std::string::npos);
  options.set_log_errors(false);
  return options;
}

/** The scanner's regexes as RE2 sets per flag string, with the options node-re2 gives its sets. */
void regexes(const Napi::Array& list, Scanner& scanner) {
  StringMap<size_t> byFlags;
  std::vector<std::vector<std::string>> sources;
  for (uint32_t i = 0; i < list.Length(); i++) {
    Napi::Object regex = list.Get(i).As<Napi::Object>();
    std::string pattern = regex.Get("pattern").As<Napi::String>().Utf8Value();
    std::string flags = regex.Get("flags").As<Napi::String>().Utf8Value();
    std::string source;
    if (!re2Source(pattern, flags.find('m') != std::string::npos, source)) scanner.regexUnsure = true;
    auto [at, added] = byFlags.emplace(flags, scanner.regexes.size());
    if (added) {
      scanner.regexes.emplace_back();
      sources.emplace_back();
    }
    sources[at->second].push_back(source);
    scanner.regexes[at->second].payloads.push_back(ids(regex.Get("payloads")));
  }
  for (auto& [flags, index] : byFlags) {
    auto set = std::make_unique<re2::RE2::Set>(re2Options(flags), re2::RE2::UNANCHORED);
    bool built = true;
    for (const std::string& source : sources[index]) built = built && set->Add(source, nullptr) >= 0;
    if (built && set->Compile()) scanner.regexes[index].set = std::move(set);
  }
}

/** The matcher's regex as node-re2 would build it (compiled on first use); false where that is not done here. */
bool regexOf(const std::string& pattern, const std::string& flags, Matcher& out) {
  out.options = re2Options(flags);
  return re2Source(pattern, flags.find('m') != std::string::npos, out.source);
}

/**
 * Reads the fields of a program spec, noting any that is missing or of another type instead of raising a JS
 * exception (a second one while the first is pending would end the process): such a program stays with JS.
 */
struct SpecReader {
  bool ok = true;

  Napi::Value field(const Napi::Object& object, const char* key, bool valid(const Napi::Value&)) {
    Napi::Value value = object.Get(key);
    if (!valid(value)) ok = false;
    return value;
  }
  std::string text(const Napi::Object& object, const char* key) {
    Napi::Value value = field(object, key, [](const Napi::Value& v) { return v.IsString(); });
    return value.IsString() ? value.As<Napi::String>().Utf8Value() : std::string();
  }
  double number(const Napi::Object& object, const char* key) {
    Napi::Value value = field(object, key, [](const Napi::Value& v) { return v.IsNumber(); });
    return value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : 0;
  }
  bool boolean(const Napi::Object& object, const char* key) {
    Napi::Value value = field(object, key, [](const Napi::Value& v) { return v.IsBoolean(); });
    return value.IsBoolean() && value.As<Napi::Boolean>().Value();
  }
  Napi::Array array(const Napi::Object& object, const char* key) {
    Napi::Value value = field(object, key, [](const Napi::Value& v) { return v.IsArray(); });
    return value.IsArray() ? value.As<Napi::Array>() : Napi::Array::New(object.Env());
  }
  Napi::Object object(const Napi::Value& value) {
    if (!value.IsObject()) ok = false;
    return value.IsObject() ? value.As<Napi::Object>() : Napi::Object::New(value.Env());
  }
};

StringOp stringOp(const std::string& op) {
  return op == "contains"     ? StringOp::Contains
         : op == "startswith" ? StringOp::StartsWith
         : op == "endswith"   ? StringOp::EndsWith
                              : StringOp::Equals;
}

/** A matcher from its spec (see program-spec.ts); false if its regex is not built here. */
bool matcherOf(const Napi::Object& spec, SpecReader& read, Matcher& out) {
  std::string kind = read.text(spec, "kind");
  if (kind == "string") {
    out.kind = Matcher::String;
    out.op = stringOp(read.text(spec, "op"));
    out.text = read.text(spec, "value");
    out.caseSensitive = read.boolean(spec, "caseSensitive");
    return true;
  }
  if (kind == "wildcard") {
    out.kind = Matcher::Wildcard;
    out.caseSensitive = read.boolean(spec, "caseSensitive");
    out.asciiGlob = read.boolean(spec, "ascii");
    Napi::Array segments = read.array(spec, "segments");
    for (uint32_t i = 0; i < segments.Length(); i++) {
      Napi::Value listed = segments.Get(i);
      Napi::Array pieces = listed.IsArray() ? listed.As<Napi::Array>() : Napi::Array::New(spec.Env());
      if (!listed.IsArray()) read.ok = false;
      auto& segment = out.segments.emplace_back();
      for (uint32_t j = 0; j < pieces.Length(); j++) {
        Napi::Value piece = pieces.Get(j);
        if (piece.IsString())
          segment.emplace_back(piece.As<Napi::String>().Utf8Value());
        else if (piece.IsNull())
          segment.emplace_back(std::nullopt);
        else
          read.ok = false;
      }
    }
    return regexOf(read.text(spec, "pattern"), read.text(spec, "flags"), out);
  }
  if (kind == "regex") {
    out.kind = Matcher::Regex;
    return regexOf(read.text(spec, "pattern"), read.text(spec, "flags"), out);
  }
  if (kind == "number" || kind == "compare") {
    out.kind = kind == "number" ? Matcher::Number : Matcher::Compare;
    out.number = read.number(spec, kind == "number" ? "value" : "bound");
    if (kind == "compare") {
      std::string op = read.text(spec, "op");
      out.compare = op == "lt" ? CompareOp::Lt : op == "lte" ? CompareOp::Lte : op == "gt" ? CompareOp::Gt : CompareOp::Gte;
    }
    return true;
  }
  if (kind == "cidr") {
    out.kind = Matcher::Cidr;
    out.ipv4 = read.boolean(spec, "ipv4");
    out.network = static_cast<uint32_t>(read.number(spec, "network"));
    out.mask = static_cast<uint32_t>(read.number(spec, "mask"));
    return true;
  }
  if (kind == "bool") {
    out.kind = Matcher::Bool;
    out.boolean = read.boolean(spec, "value");
    return true;
  }
  out.kind = kind == "null" ? Matcher::Null : Matcher::Placeholder;
  return true;
}

/** A program node from its spec; false if a part of it is not evaluated here. */
bool nodeOf(const Napi::Object& spec, PathPlans& paths, SpecReader& read, Node& out) {
  std::string kind = read.text(spec, "kind");
  if (kind == "and" || kind == "or" || kind == "not") {
    out.kind = kind == "and" ? Node::And : kind == "or" ? Node::Or : Node::Not;
    Napi::Array children = read.array(spec, "children");
    out.children.resize(children.Length());
    for (uint32_t i = 0; i < children.Length(); i++)
      if (!nodeOf(read.object(children.Get(i)), paths, read, out.children[i])) return false;
    return true;
  }
  if (kind == "const") {
    out.kind = Node::Const;
    out.value = read.boolean(spec, "value");
    return true;
  }
  if (kind == "exists" || kind == "match") {
    out.kind = kind == "exists" ? Node::Exists : Node::Match;
    out.path = paths.of(read.text(spec, "field"));
    if (kind == "exists") return true;
    out.matcher = std::make_unique<Matcher>();
    return matcherOf(read.object(spec.Get("matcher")), read, *out.matcher);
  }
  if (kind == "keyword") {
    out.kind = Node::Keyword;
    out.matcher = std::make_unique<Matcher>();
    return matcherOf(read.object(spec.Get("matcher")), read, *out.matcher);
  }
  out.kind = Node::FieldRef;
  out.path = paths.of(read.text(spec, "field"));
  out.other = paths.of(read.text(spec, "other"));
  out.op = stringOp(read.text(spec, "op"));
  out.caseSensitive = read.boolean(spec, "caseSensitive");
  return true;
}

std::unique_ptr<Program> programOf(const Napi::Value& value, PathPlans& paths) {
  if (!value.IsObject()) return nullptr;
  Napi::Object spec = value.As<Napi::Object>();
  SpecReader read;
  auto program = std::make_unique<Program>();
  program->ternary = read.boolean(spec, "ternary");
  program->rule = static_cast<int32_t>(read.number(spec, "rule"));
  bool built = nodeOf(read.object(spec.Get("root")), paths, read, program->root);
  if (!built || !read.ok) return nullptr;
  groupTextTests(program->root);
  return program;
}

std::unique_ptr<SchemaScreen> schemaScreen(const Napi::Object& spec, PathPlans& paths, Borrowed& borrowed) {
  auto screen = std::make_unique<SchemaScreen>();
  Napi::Array lookups = spec.Get("lookups").As<Napi::Array>();
  for (uint32_t i = 0; i < lookups.Length(); i++) {
    Napi::Object lookup = lookups.Get(i).As<Napi::Object>();
    GateLookup& out = screen->lookups.emplace_back();
    out.path = paths.of(lookup.Get("field").As<Napi::String>().Utf8Value());
    valueIndex(lookup, out.index);
    out.nulls = ids(lookup.Get("nulls"));
    out.present = ids(lookup.Get("present"));
  }
  uint32_t conjuncts = number(spec, "conjuncts");
  screen->byKey.resize(conjuncts);
  Napi::Array keyed = spec.Get("keyed").As<Napi::Array>();
  for (uint32_t i = 0; i < keyed.Length(); i++) {
    Napi::Object branch = keyed.Get(i).As<Napi::Object>();
    screen->byKey[number(branch, "key")].push_back({static_cast<int32_t>(number(branch, "group")), ids(branch.Get("rest"))});
  }
  screen->ungated = ids(spec.Get("ungated"));
  Napi::Array always = spec.Get("always").As<Napi::Array>();
  for (uint32_t i = 0; i < always.Length(); i++) screen->always.push_back(ids(always.Get(i)));
  screen->groupOf = ids(spec.Get("groupOf"));
  screen->slotOfBranch = ids(spec.Get("slotOfBranch"));
  screen->confirmStart = ids(spec.Get("confirmStart"));
  screen->confirms = ids(spec.Get("confirms"));
  screen->needCount = number(spec, "needCount");
  screen->symbols = tableOf<uint16_t, Napi::Uint16Array>(spec.Get("symbols"), borrowed);
  screen->keywordOf.assign(screen->always.size(), -1);
  Napi::Array scanners = spec.Get("scanners").As<Napi::Array>();
  screen->scanners.resize(scanners.Length());
  for (uint32_t i = 0; i < scanners.Length(); i++) {
    Napi::Object plan = scanners.Get(i).As<Napi::Object>();
    Scanner& scanner = screen->scanners[i];
    scanner.classes = tableOf<uint8_t, Napi::Uint8Array>(plan.Get("classes"), borrowed);
    automaton(plan.Get("automaton").As<Napi::Object>(), scanner.automaton, borrowed);
    gramIndex(plan.Get("grams"), scanner.grams, borrowed);
    scanner.separator = static_cast<int>(plan.Get("separator").As<Napi::Number>().Int32Value());
    scanner.groups = ids(plan.Get("groups"));
    if (plan.Get("regexes").IsArray()) regexes(plan.Get("regexes").As<Napi::Array>(), scanner);
    if (plan.Get("values").IsObject()) {
      Napi::Object values = plan.Get("values").As<Napi::Object>();
      scanner.hasValues = true;
      valueIndex(values, scanner.values);
      scanner.valuesPresent = ids(values.Get("present"));
    }
    scanner.scansText = plan.Get("scansText").As<Napi::Boolean>().Value();
    if (plan.Get("memo").As<Napi::Boolean>().Value()) scanner.memo.resize(MEMO_SLOTS);
    Napi::Value field = plan.Get("field");
    if (field.IsNull()) {
      screen->keywordOf[number(plan, "group")] = static_cast<int32_t>(i);
      continue;
    }
    std::string path = field.As<Napi::String>().Utf8Value();
    if (path.find('*') != std::string::npos) {
      screen->globScanners.push_back(static_cast<int32_t>(i));
    } else {
      screen->fields.add(path)->target = static_cast<int32_t>(i);
    }
  }
  screen->ready(conjuncts);
  return screen;
}

/** A schema's detection condition from its IR expression; false if it uses other kinds of node. */
bool detectExpr(const Napi::Object& expr, PathPlans& paths, DetectExpr& out) {
  std::string kind = expr.Get("kind").As<Napi::String>().Utf8Value();
  if (kind == "const") {
    out.kind = DetectExpr::Const;
    out.value = expr.Get("value").As<Napi::Boolean>().Value();
    return true;
  }
  if (kind == "exists") {
    std::string field = expr.Get("field").As<Napi::String>().Utf8Value();
    if (field.find('*') != std::string::npos) return false;
    out.kind = DetectExpr::Exists;
    out.path = paths.of(field);
    return true;
  }
  if (kind == "not") {
    out.kind = DetectExpr::Not;
    return detectExpr(expr.Get("child").As<Napi::Object>(), paths, out.children.emplace_back());
  }
  if (kind != "and" && kind != "or") return false;
  out.kind = kind == "and" ? DetectExpr::And : DetectExpr::Or;
  Napi::Array children = expr.Get("children").As<Napi::Array>();
  for (uint32_t i = 0; i < children.Length(); i++)
    if (!detectExpr(children.Get(i).As<Napi::Object>(), paths, out.children.emplace_back())) return false;
  return true;
}

Napi::Int32Array int32Array(Napi::Env env, const Ids& values) {
  Napi::Int32Array array = Napi::Int32Array::New(env, values.size());
  // No array where the thread is being ended: N-API refuses, and the result is not read.
  if (!values.empty() && array.Data() != nullptr)
    std::memcpy(array.Data(), values.data(), values.size() * sizeof(int32_t));
  return array;
}

}  // namespace

class NativeScreener : public Napi::ObjectWrap<NativeScreener> {
 public:
  static Napi::Function define(Napi::Env env) {
    return DefineClass(env, "Screener",
                       {InstanceMethod("addSchema", &NativeScreener::addSchema),
                        InstanceMethod("addProgram", &NativeScreener::addProgram),
                        InstanceMethod("screen", &NativeScreener::screen)});
  }

  /**
   * new Screener(detects, lowerUnits): one IR expression (or null for the fallback) per schema, and JS's one-unit
   * lower case of each BMP character; throws if a detection condition is not supported.
   */
  explicit NativeScreener(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NativeScreener>(info) {
    screener_.lowerUnits = vectorOf<uint16_t, Napi::Uint16Array>(info[1]);
    Napi::Array detects = info[0].As<Napi::Array>();
    for (uint32_t i = 0; i < detects.Length(); i++) {
      Napi::Value detect = detects.Get(i);
      if (detect.IsNull() || detect.IsUndefined()) {
        screener_.detects.emplace_back();
        continue;
      }
      auto expr = std::make_unique<DetectExpr>();
      if (!detectExpr(detect.As<Napi::Object>(), screener_.paths, *expr)) {
        Napi::Error::New(info.Env(), "schema detection uses tests native screening does not support")
            .ThrowAsJavaScriptException();
        return;
      }
      screener_.detects.push_back(std::move(expr));
    }
    screener_.screens.resize(detects.Length());
    borrowed_.resize(detects.Length());
  }

 private:
  Screener screener_;
  /** Per schema: the typed arrays its screen reads in place. */
  std::vector<Borrowed> borrowed_;

  /** addSchema(index, spec): the schema's prefilter (see native-screen.ts). */
  Napi::Value addSchema(const Napi::CallbackInfo& info) {
    uint32_t index = info[0].As<Napi::Number>().Uint32Value();
    if (index < screener_.screens.size()) {
      Borrowed borrowed;
      screener_.screens[index] = schemaScreen(info[1].As<Napi::Object>(), screener_.paths, borrowed);
      borrowed_[index] = std::move(borrowed);
    }
    return info.Env().Undefined();
  }

  /** addProgram(schema, slot, spec): the program of a slot (see program-spec.ts); null leaves the slot to JS. */
  Napi::Value addProgram(const Napi::CallbackInfo& info) {
    uint32_t schema = info[0].As<Napi::Number>().Uint32Value();
    uint32_t slot = info[1].As<Napi::Number>().Uint32Value();
    SchemaScreen* screen = schema < screener_.screens.size() ? screener_.screens[schema].get() : nullptr;
    if (screen && slot < screen->programs.size()) screen->programs[slot] = programOf(info[2], screener_.paths);
    Napi::Env env = info.Env();
    if (env.IsExceptionPending()) {  // a spec it could not read: the slot stays with JS
      env.GetAndClearPendingException();
      if (screen && slot < screen->programs.size()) screen->programs[slot] = nullptr;
    }
    return info.Env().Undefined();
  }

  /** screen(bytes, start, line): the lines from byte `start` (line number `line`) on, as ScreenOutput. */
  Napi::Value screen(const Napi::CallbackInfo& info) {
    Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
    size_t start = info[1].As<Napi::Number>().Uint32Value();
    int32_t line = info[2].As<Napi::Number>().Int32Value();
    ScreenOutput out;
    screener_.screen(bytes.Data(), bytes.ElementLength(), start, line, out);
    Napi::Env env = info.Env();
    Napi::Object result = Napi::Object::New(env);
    result.Set("line", int32Array(env, out.line));
    result.Set("start", int32Array(env, out.start));
    result.Set("end", int32Array(env, out.end));
    result.Set("schema", int32Array(env, out.schema));
    result.Set("matchEnd", int32Array(env, out.matchEnd));
    result.Set("matches", int32Array(env, out.matches));
    result.Set("candidateEnd", int32Array(env, out.candidateEnd));
    result.Set("candidates", int32Array(env, out.candidates));
    result.Set("resumeAt", Napi::Number::New(env, static_cast<double>(out.resumeAt)));
    result.Set("resumeLine", Napi::Number::New(env, out.resumeLine));
    return result;
  }
};

}  // namespace dragnet

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Screener", dragnet::NativeScreener::define(env));
  return exports;
}

NODE_API_MODULE(dragnet_native, Init)
