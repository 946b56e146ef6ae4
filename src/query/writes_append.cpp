// writes_append.cpp: see writes_append.h.
#include "query/writes_append.h"

#include <vector>

#include "core/instant.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "query/args.h"
#include "query/store.h"

namespace batuta::query {

Error misfit(std::string_view op, const std::string& table, size_t row_index, const std::string& column, ColType type,
             const Value& v) {
  return op_error(op, "table " + table + ", row " + std::to_string(row_index + 1) + ": column :" + column + " is " +
                          col_type_name(type) + " and can't hold " + describe_value(v) + "; nothing was written");
}

Error missing_key(std::string_view op, const TableInfo& info, size_t row_index) {
  return op_error(op, "table " + info.name + ", row " + std::to_string(row_index + 1) + ": the key :" + info.key +
                          " is missing; nothing was written");
}

namespace {

// From this many rows on, an append runs on one engine thread (store.h
// EngineThreads); fewer fit in one flush, where threads cost little.
constexpr size_t kBulkRows = 2048;

duckdb_type duck_type_of(ColType t) {
  switch (t) {
    case ColType::Int: return DUCKDB_TYPE_BIGINT;
    case ColType::BigInt: return DUCKDB_TYPE_HUGEINT;
    case ColType::Float: return DUCKDB_TYPE_DOUBLE;
    case ColType::Bool: return DUCKDB_TYPE_BOOLEAN;
    case ColType::Instant: return DUCKDB_TYPE_TIMESTAMP;
    case ColType::String:
    case ColType::Keyword:
    case ColType::Unknown: return DUCKDB_TYPE_VARCHAR;
  }
  return DUCKDB_TYPE_VARCHAR;
}

// An appender on one table, its active columns named explicitly (the
// physical order differs: columns added later follow batuta$from).
class Appender {
 public:
  Appender(Store& s, const std::string& table) {
    ok_ = duck().duckdb_appender_create(s.connection(), nullptr, table.c_str(), &app_) == DuckDBSuccess;
  }
  ~Appender() { duck().duckdb_appender_destroy(&app_); }
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  bool ok() const { return ok_; }
  Result<bool> add_column(const std::string& name) {
    if (duck().duckdb_appender_add_column(app_, name.c_str()) != DuckDBSuccess) return failure();
    return true;
  }
  Result<bool> append(duckdb_data_chunk chunk) {
    if (duck().duckdb_append_data_chunk(app_, chunk) != DuckDBSuccess) return failure();
    return true;
  }
  Result<bool> close() {
    if (duck().duckdb_appender_close(app_) != DuckDBSuccess) return failure();
    return true;
  }

 private:
  Error failure() {
    duckdb_error_data e = duck().duckdb_appender_error_data(app_);
    const char* m = e != nullptr ? duck().duckdb_error_data_message(e) : nullptr;
    std::string msg = m != nullptr ? m : "append failed";
    duck().duckdb_destroy_error_data(&e);
    return store_error(msg);
  }

  duckdb_appender app_ = nullptr;
  bool ok_ = false;
};

// One data chunk with a vector per column, filled row by row and handed to
// the appender when full. Vectors' data pointers are fetched again after
// each reset (a reset may give a vector new buffers).
class ChunkBuilder {
 public:
  explicit ChunkBuilder(const std::vector<ColType>& types) : types_(types), slots_(types.size()) {
    std::vector<duckdb_logical_type> logical(types.size());
    for (size_t k = 0; k < types.size(); ++k) logical[k] = duck().duckdb_create_logical_type(duck_type_of(types[k]));
    chunk_ = duck().duckdb_create_data_chunk(logical.data(), logical.size());
    for (duckdb_logical_type& t : logical) duck().duckdb_destroy_logical_type(&t);
    capacity_ = duck().duckdb_vector_size();
    bind();
  }
  ~ChunkBuilder() { duck().duckdb_destroy_data_chunk(&chunk_); }
  ChunkBuilder(const ChunkBuilder&) = delete;
  ChunkBuilder& operator=(const ChunkBuilder&) = delete;

  bool full() const { return size_ == capacity_; }
  idx_t size() const { return size_; }
  duckdb_data_chunk chunk() {
    duck().duckdb_data_chunk_set_size(chunk_, size_);
    return chunk_;
  }
  void reset() {
    duck().duckdb_data_chunk_reset(chunk_);
    size_ = 0;
    bind();
  }
  // The row being filled is size(); end_row() moves on.
  void end_row() { ++size_; }

  void set_null(size_t k) {
    Slot& s = slots_[k];
    if (s.validity == nullptr) {
      duck().duckdb_vector_ensure_validity_writable(s.vec);
      s.validity = duck().duckdb_vector_get_validity(s.vec);
    }
    duck().duckdb_validity_set_row_invalid(s.validity, size_);
  }
  void set_int64(size_t k, int64_t x) { static_cast<int64_t*>(slots_[k].data)[size_] = x; }
  void set_timestamp(size_t k, int64_t micros) { static_cast<duckdb_timestamp*>(slots_[k].data)[size_] = {micros}; }

  // A non-nil cell that value_fits its column's type; false when a number
  // can't be represented after all (an integer beyond 128 bits).
  bool set(size_t k, const Value& v) {
    void* data = slots_[k].data;
    switch (types_[k]) {
      case ColType::Int: {
        if (v.is_fixnum()) {
          set_int64(k, v.as_fixnum());
          return true;
        }
        auto x = to_int64(v, "insert!");
        if (!x) return false;
        set_int64(k, x.value());
        return true;
      }
      case ColType::BigInt: {
        __int128 x;
        if (!integer_to_int128(v, x)) return false;
        static_cast<duckdb_hugeint*>(data)[size_] = duckdb_hugeint{static_cast<uint64_t>(x), static_cast<int64_t>(x >> 64)};
        return true;
      }
      case ColType::Float: {
        if (v.is_double()) {
          static_cast<double*>(data)[size_] = v.as_double();
          return true;
        }
        auto d = to_double(v, "insert!");
        if (!d) return false;
        static_cast<double*>(data)[size_] = d.value();
        return true;
      }
      case ColType::Bool: static_cast<bool*>(data)[size_] = v.is_true(); return true;
      case ColType::Instant: set_timestamp(k, instant_micros(v)); return true;
      case ColType::String:
      case ColType::Keyword:
      case ColType::Unknown: {
        std::string_view s = v.is_keyword() ? name_text(v) : string_view_of(v);
        duck().duckdb_vector_assign_string_element_len(slots_[k].vec, size_, s.data(), s.size());
        return true;
      }
    }
    return false;
  }

 private:
  struct Slot {
    duckdb_vector vec = nullptr;
    void* data = nullptr;
    uint64_t* validity = nullptr;  // fetched on the chunk's first null
  };
  void bind() {
    for (size_t k = 0; k < slots_.size(); ++k) {
      slots_[k].vec = duck().duckdb_data_chunk_get_vector(chunk_, k);
      slots_[k].data = duck().duckdb_vector_get_data(slots_[k].vec);
      slots_[k].validity = nullptr;
    }
  }

  std::vector<ColType> types_;
  std::vector<Slot> slots_;
  duckdb_data_chunk chunk_ = nullptr;
  idx_t capacity_ = 0;
  idx_t size_ = 0;
};

}  // namespace

Result<bool> append_row_maps(Store& s, std::string_view op, const TableInfo& info, const RowMaps& rows, int64_t t,
                             int64_t first_offset) {
  // Columns: the table's, then batuta$from. A log's offset and timestamp
  // are filled here, not from the rows.
  const size_t ncols = info.columns.size();
  std::vector<ColType> types;
  std::vector<Value> keys;  // interned keywords: compared by identity
  int offset_col = -1, timestamp_col = -1, key_col = -1;
  for (size_t k = 0; k < ncols; ++k) {
    const ColumnInfo& c = info.columns[k];
    types.push_back(c.type);
    keys.push_back(keyword(c.name));
    if (info.is_log && c.name == "offset") offset_col = static_cast<int>(k);
    if (info.is_log && c.name == "timestamp") timestamp_col = static_cast<int>(k);
    if (c.name == info.key) key_col = static_cast<int>(k);
  }
  types.push_back(ColType::Instant);  // batuta$from

  EngineThreads threads(s);  // declared before the appender: restored after its last flush
  if (rows.size() >= kBulkRows) {
    auto one = threads.set(1);
    if (!one) return one;
  }
  Appender app(s, info.name);
  if (!app.ok()) return op_error(op, "cannot append to " + info.name);
  for (const ColumnInfo& c : info.columns) {
    auto a = app.add_column(c.name);
    if (!a) return a;
  }
  auto a = app.add_column(kValidFrom);
  if (!a) return a;

  ChunkBuilder chunk(types);
  std::vector<const Value*> cells(ncols);
  for (size_t i = 0; i < rows.size(); ++i) {
    std::fill(cells.begin(), cells.end(), nullptr);
    MapCursor entries(rows[i]);
    const Value *key, *val;
    size_t guess = 0;  // rows usually list their keys in the columns' order
    while (entries.next(key, val)) {
      size_t k = guess < ncols && keys[guess].identical(*key) ? guess : ncols;
      for (size_t j = 0; k == ncols && j < ncols; ++j) {
        if (keys[j].identical(*key)) k = j;
      }
      if (k == ncols) return op_error(op, "table " + info.name + ": no column " + pr_str(*key));  // ensure_columns added them all
      cells[k] = val;
      guess = k + 1;
    }
    if (key_col >= 0 && (cells[key_col] == nullptr || cells[key_col]->is_nil())) {
      return missing_key(op, info, i);
    }
    for (size_t k = 0; k < ncols; ++k) {
      if (static_cast<int>(k) == offset_col) {
        chunk.set_int64(k, first_offset + static_cast<int64_t>(i));
      } else if (static_cast<int>(k) == timestamp_col) {
        chunk.set_timestamp(k, t);
      } else if (cells[k] == nullptr || cells[k]->is_nil()) {
        chunk.set_null(k);
      } else if (!value_fits(types[k], *cells[k]) || !chunk.set(k, *cells[k])) {
        return misfit(op, info.name, i, info.columns[k].name, types[k], *cells[k]);
      }
    }
    chunk.set_timestamp(ncols, t);
    chunk.end_row();
    if (chunk.full()) {
      auto r = app.append(chunk.chunk());
      if (!r) return op_error(op, "table " + info.name + ": " + r.error().message + "; nothing was written");
      chunk.reset();
    }
  }
  if (chunk.size() > 0) {
    auto r = app.append(chunk.chunk());
    if (!r) return op_error(op, "table " + info.name + ": " + r.error().message + "; nothing was written");
  }
  auto closed = app.close();
  if (!closed) return op_error(op, "table " + info.name + ": " + closed.error().message + "; nothing was written");
  s.note_append(info.name, t);
  return true;
}

}  // namespace batuta::query
