// A C++ class for the C API generator tests: a throwing method (`get` uses at()),
// a throwing constructor, a string result, a static member and an unwrappable member.
export const WIDGET_HPP = `#pragma once
#include <stdexcept>
#include <string>
#include <vector>

class $0Widget {
public:
  explicit Widget(int capacity) {
    if (capacity < 0) throw std::invalid_argument("capacity must not be negative");
    items_.reserve(static_cast<std::size_t>(capacity));
  }
  int get(int i) const { return items_.at(static_cast<std::size_t>(i)); }
  void push(int v) { items_.push_back(v); }
  std::size_t size() const { return items_.size(); }
  std::string name() const { return name_; }
  void rename(const std::string& n) { name_ = n; }
  double average() const {
    if (items_.empty()) throw std::runtime_error("no items");
    double s = 0;
    for (int v : items_) s += v;
    return s / static_cast<double>(items_.size());
  }
  static int version() { return 3; }
  std::vector<int> items() const { return items_; }
private:
  std::vector<int> items_;
  std::string name_ = "widget";
};
`;
