{
  "targets": [
    {
      "target_name": "dragnet_native",
      "sources": [
        "src/addon.cc",
        "src/event-paths.cc",
        "src/js-values.cc",
        "src/rule-program.cc",
        "src/schema-screen.cc",
        "src/screener.cc",
        "src/text-set.cc",
        "src/utf16.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags_cc": ["-std=c++20", "-O3", "-fvisibility=hidden"],
      "libraries": ["-lsimdjson", "-lre2"]
    }
  ]
}
