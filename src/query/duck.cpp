// duck.cpp: see duck.h.
#include "query/duck.h"

#include <cctype>
#include <cstring>

#include "core/instant.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"

namespace batuta::query {

namespace {

struct TypeSpelling {
  const char* spelling;
  ColType type;
};
// Lower-case spellings accepted in schemas (symbols or keywords).
constexpr TypeSpelling kSpellings[] = {
    {"int", ColType::Int},         {"integer", ColType::Int},      {"long", ColType::Int},
    {"bigint", ColType::BigInt},   {"float", ColType::Float},      {"double", ColType::Float},
    {"string", ColType::String},   {"str", ColType::String},       {"text", ColType::String},
    {"keyword", ColType::Keyword}, {"bool", ColType::Bool},        {"boolean", ColType::Bool},
    {"instant", ColType::Instant}, {"inst", ColType::Instant},     {"timestamp", ColType::Instant},
};

using int128 = __int128;

}  // namespace

bool integer_to_int128(const Value& v, int128& out) {
  if (v.is_fixnum()) {
    out = v.as_fixnum();
    return true;
  }
  std::string digits = number_to_string(v);
  bool negative = !digits.empty() && digits[0] == '-';
  int128 acc = 0;
  const int128 limit = ~(static_cast<int128>(1) << 127);  // 2^127 - 1
  for (size_t i = negative ? 1 : 0; i < digits.size(); ++i) {
    int d = digits[i] - '0';
    if (acc > (limit - d) / 10) return false;
    acc = acc * 10 + d;
  }
  out = negative ? -acc : acc;
  return true;
}

namespace {

Value int128_to_value(int128 x) {
  if (x >= INT64_MIN && x <= INT64_MAX) return make_integer(static_cast<int64_t>(x));
  bool negative = x < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(x) : static_cast<unsigned __int128>(x);
  char buf[48];
  int n = 0;
  while (u > 0) {
    buf[n++] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  }
  std::string digits = negative ? "-" : "";
  while (n > 0) digits.push_back(buf[--n]);
  return parse_integer(digits).value();
}

bool valid_at(duckdb_vector vec, idx_t row) {
  uint64_t* validity = duck().duckdb_vector_get_validity(vec);
  return validity == nullptr || duck().duckdb_validity_row_is_valid(validity, row);
}

Value decimal_value(int128 raw, uint8_t scale) {
  Value num = int128_to_value(raw);
  if (scale == 0) return num;
  int128 den = 1;
  for (uint8_t i = 0; i < scale; ++i) den *= 10;
  return make_ratio(num, int128_to_value(den)).value();
}

}  // namespace

const char* col_type_name(ColType t) {
  switch (t) {
    case ColType::Int: return "Int";
    case ColType::BigInt: return "BigInt";
    case ColType::Float: return "Float";
    case ColType::String: return "String";
    case ColType::Keyword: return "Keyword";
    case ColType::Bool: return "Bool";
    case ColType::Instant: return "Instant";
    case ColType::Unknown: break;
  }
  return "Unknown";
}

const char* col_type_sql(ColType t) {
  switch (t) {
    case ColType::Int: return "BIGINT";
    case ColType::BigInt: return "HUGEINT";
    case ColType::Float: return "DOUBLE";
    case ColType::String:
    case ColType::Keyword:
    case ColType::Unknown: return "VARCHAR";
    case ColType::Bool: return "BOOLEAN";
    case ColType::Instant: return "TIMESTAMP";
  }
  return "VARCHAR";
}

bool col_type_from_name(std::string_view name, ColType& out) {
  std::string lower;
  for (char c : name) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (const TypeSpelling& s : kSpellings) {
    if (lower == s.spelling) {
      out = s.type;
      return true;
    }
  }
  return false;
}

bool col_type_of_value(const Value& v, ColType& out) {
  if (v.is_nil()) {
    out = ColType::Unknown;
  } else if (v.is_fixnum()) {
    out = ColType::Int;
  } else if (is_integer(v)) {
    int128 x;
    if (!integer_to_int128(v, x)) return false;
    out = x >= INT64_MIN && x <= INT64_MAX ? ColType::Int : ColType::BigInt;
  } else if (v.is_double()) {
    out = ColType::Float;
  } else if (is_string(v)) {
    out = ColType::String;
  } else if (v.is_keyword()) {
    out = ColType::Keyword;
  } else if (v.is_bool()) {
    out = ColType::Bool;
  } else if (is_instant(v)) {
    out = ColType::Instant;
  } else {
    return false;
  }
  return true;
}

bool value_fits(ColType t, const Value& v) {
  if (v.is_nil()) return true;
  ColType vt;
  if (!col_type_of_value(v, vt)) return false;
  if (vt == t) return true;
  if (t == ColType::BigInt && vt == ColType::Int) return true;
  if (t == ColType::Float && (vt == ColType::Int)) return true;  // widening, exact for |x| < 2^53
  return false;
}

std::string quote_ident(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

Error store_error(std::string message) { return make_error(ErrorKind::InvalidArgument, std::move(message)); }

Result<duckdb_value> to_duck_value(const Value& v) {
  if (v.is_nil()) return duck().duckdb_create_null_value();
  if (v.is_bool()) return duck().duckdb_create_bool(v.is_true());
  if (v.is_fixnum()) return duck().duckdb_create_int64(v.as_fixnum());
  if (v.is_double()) return duck().duckdb_create_double(v.as_double());
  if (is_integer(v)) {
    int128 x;
    if (!integer_to_int128(v, x)) {
      return store_error("the integer " + pr_str_abbreviated(v) + " is too big for the store (at most 128 bits)");
    }
    if (x >= INT64_MIN && x <= INT64_MAX) return duck().duckdb_create_int64(static_cast<int64_t>(x));
    duckdb_hugeint h;
    h.lower = static_cast<uint64_t>(x);
    h.upper = static_cast<int64_t>(x >> 64);
    return duck().duckdb_create_hugeint(h);
  }
  if (is_string(v)) {
    std::string_view s = string_view_of(v);
    return duck().duckdb_create_varchar_length(s.data(), s.size());
  }
  if (v.is_keyword()) {
    std::string_view s = name_text(v);
    return duck().duckdb_create_varchar_length(s.data(), s.size());
  }
  if (is_instant(v)) return duck().duckdb_create_timestamp(duckdb_timestamp{instant_micros(v)});
  if (is_ratio(v)) {
    Result<double> d = to_double(v, "query");
    return duck().duckdb_create_double(d.ok() ? d.value() : 0.0);
  }
  return store_error("can't pass " + describe_value(v) +
                     " to the store (it holds nil, booleans, integers, floats, strings, keywords and instants)");
}

Result<bool> Statement::prepare(duckdb_connection con, const std::string& sql) {
  if (duck().duckdb_prepare(con, sql.c_str(), &stmt_) != DuckDBSuccess) {
    const char* e = duck().duckdb_prepare_error(stmt_);
    return store_error(e != nullptr ? e : "the store could not prepare a statement");
  }
  return true;
}

Result<bool> Statement::bind_all(const std::vector<Value>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    auto v = to_duck_value(params[i]);
    if (!v) return v.take_error();
    duckdb_value dv = v.value();
    duckdb_state st = duck().duckdb_bind_value(stmt_, i + 1, dv);
    duck().duckdb_destroy_value(&dv);
    if (st != DuckDBSuccess) return store_error("could not bind parameter " + std::to_string(i + 1) + " (" + pr_str_abbreviated(params[i]) + ")");
  }
  return true;
}

Value cell_value(duckdb_vector vec, duckdb_logical_type type, idx_t row) {
  if (!valid_at(vec, row)) return Value();
  void* data = duck().duckdb_vector_get_data(vec);
  switch (duck().duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN: return Value::boolean(static_cast<bool*>(data)[row]);
    case DUCKDB_TYPE_TINYINT: return Value::fixnum(static_cast<int8_t*>(data)[row]);
    case DUCKDB_TYPE_SMALLINT: return Value::fixnum(static_cast<int16_t*>(data)[row]);
    case DUCKDB_TYPE_INTEGER: return Value::fixnum(static_cast<int32_t*>(data)[row]);
    case DUCKDB_TYPE_BIGINT: return make_integer(static_cast<int64_t*>(data)[row]);
    case DUCKDB_TYPE_UTINYINT: return Value::fixnum(static_cast<uint8_t*>(data)[row]);
    case DUCKDB_TYPE_USMALLINT: return Value::fixnum(static_cast<uint16_t*>(data)[row]);
    case DUCKDB_TYPE_UINTEGER: return Value::fixnum(static_cast<uint32_t*>(data)[row]);
    case DUCKDB_TYPE_UBIGINT: return int128_to_value(static_cast<uint64_t*>(data)[row]);
    case DUCKDB_TYPE_HUGEINT: {
      duckdb_hugeint h = static_cast<duckdb_hugeint*>(data)[row];
      return int128_to_value((static_cast<int128>(h.upper) << 64) | h.lower);
    }
    case DUCKDB_TYPE_FLOAT: return Value::from_double(static_cast<float*>(data)[row]);
    case DUCKDB_TYPE_DOUBLE: return Value::from_double(static_cast<double*>(data)[row]);
    case DUCKDB_TYPE_DECIMAL: {
      uint8_t width = duck().duckdb_decimal_width(type), scale = duck().duckdb_decimal_scale(type);
      int128 raw;
      if (width <= 4) raw = static_cast<int16_t*>(data)[row];
      else if (width <= 9) raw = static_cast<int32_t*>(data)[row];
      else if (width <= 18) raw = static_cast<int64_t*>(data)[row];
      else {
        duckdb_hugeint h = static_cast<duckdb_hugeint*>(data)[row];
        raw = (static_cast<int128>(h.upper) << 64) | h.lower;
      }
      return decimal_value(raw, scale);
    }
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB: {
      auto* s = &static_cast<duckdb_string_t*>(data)[row];
      return make_string_from_utf8(std::string_view(duck().duckdb_string_t_data(s), duck().duckdb_string_t_length(*s)));
    }
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ: return make_instant(static_cast<int64_t*>(data)[row]);
    case DUCKDB_TYPE_TIMESTAMP_S: return make_instant(static_cast<int64_t*>(data)[row] * 1'000'000);
    case DUCKDB_TYPE_TIMESTAMP_MS: return make_instant(static_cast<int64_t*>(data)[row] * 1'000);
    case DUCKDB_TYPE_TIMESTAMP_NS: return make_instant(static_cast<int64_t*>(data)[row] / 1'000);
    case DUCKDB_TYPE_DATE: return make_instant(int64_t{static_cast<int32_t*>(data)[row]} * 86'400'000'000);
    case DUCKDB_TYPE_LIST: {
      duckdb_list_entry e = static_cast<duckdb_list_entry*>(data)[row];
      duckdb_vector child = duck().duckdb_list_vector_get_child(vec);
      duckdb_logical_type child_type = duck().duckdb_list_type_child_type(type);
      std::vector<Value> items;
      for (idx_t i = 0; i < e.length; ++i) items.push_back(cell_value(child, child_type, e.offset + i));
      duck().duckdb_destroy_logical_type(&child_type);
      return vector_from(items);
    }
    case DUCKDB_TYPE_STRUCT: {
      idx_t n = duck().duckdb_struct_type_child_count(type);
      std::vector<Value> kv;
      for (idx_t i = 0; i < n; ++i) {
        char* name = duck().duckdb_struct_type_child_name(type, i);
        duckdb_logical_type child_type = duck().duckdb_struct_type_child_type(type, i);
        kv.push_back(keyword(name));
        kv.push_back(cell_value(duck().duckdb_struct_vector_get_child(vec, i), child_type, row));
        duck().duckdb_destroy_logical_type(&child_type);
        duck().duckdb_free(name);
      }
      return map_from(kv);
    }
    default: {
      // Anything else (intervals, UUIDs, enums...) as DuckDB's text for it
      // is not available cell by cell here; say what it is instead.
      return make_string_from_utf8("#<unsupported DuckDB type " + std::to_string(duck().duckdb_get_type_id(type)) + ">");
    }
  }
}

RowReader::RowReader(duckdb_result& r) : r_(r) {
  idx_t n = duck().duckdb_column_count(&r_);
  for (idx_t i = 0; i < n; ++i) {
    names_.emplace_back(duck().duckdb_column_name(&r_, i));
    types_.push_back(duck().duckdb_column_logical_type(&r_, i));
  }
  keyword_.assign(n, false);
  vecs_.assign(n, nullptr);
}

RowReader::~RowReader() {
  if (chunk_ != nullptr) duck().duckdb_destroy_data_chunk(&chunk_);
  for (duckdb_logical_type& t : types_) duck().duckdb_destroy_logical_type(&t);
}

bool RowReader::load_chunk() {
  if (chunk_ != nullptr) duck().duckdb_destroy_data_chunk(&chunk_);
  for (;;) {
    chunk_ = duck().duckdb_fetch_chunk(r_);
    if (chunk_ == nullptr) return false;
    chunk_size_ = duck().duckdb_data_chunk_get_size(chunk_);
    row_ = 0;
    if (chunk_size_ > 0) {
      for (size_t c = 0; c < vecs_.size(); ++c) vecs_[c] = duck().duckdb_data_chunk_get_vector(chunk_, c);
      return true;
    }
    duck().duckdb_destroy_data_chunk(&chunk_);
  }
}

bool RowReader::next(std::vector<Value>& out) {
  if (chunk_ == nullptr || row_ >= chunk_size_) {
    if (!load_chunk()) return false;
  }
  size_t n = names_.size();
  out.resize(n);
  for (size_t c = 0; c < n; ++c) {
    Value v = cell_value(vecs_[c], types_[c], row_);
    if (keyword_[c] && is_string(v)) v = keyword(string_view_of(v));
    out[c] = std::move(v);
  }
  ++row_;
  ++rows_read_;
  return true;
}

}  // namespace batuta::query
