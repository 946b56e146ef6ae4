// args.h: argument handling shared by the query layer's natives.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta::query {

// The name a keyword, string or symbol spells (`:users` -> "users").
// Table and column names may not be empty or contain '$' (the store's
// own tables use it).
Result<std::string> name_arg(std::string_view op, std::string_view what, const Value& v);

// Elements of nil, a vector, a list, a lazy sequence (realised on the
// native's fiber) or a set.
Result<std::vector<Value>> seq_elements(VmContext& ctx, const Value& coll, std::string_view op);

// The entries of a map with keyword keys, in the map's order; an error
// naming `op` and `what` otherwise.
Result<std::vector<std::pair<std::string, Value>>> keyword_map_entries(std::string_view op, std::string_view what,
                                                                        const Value& m);

// `op: message`, kind InvalidArgument.
Error op_error(std::string_view op, const std::string& message);
// `op: expected what, got 42 (an integer)`, kind TypeError.
Error type_error(std::string_view op, std::string_view what, const Value& got);

}  // namespace batuta::query
