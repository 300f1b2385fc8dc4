// A C++ class exposed to C, and an exception that would escape into C.
#include <stdexcept>
#include <string>
#include <vector>

class Counter {
public:
    explicit Counter(int start) : values_{start} {}
    virtual ~Counter() = default;
    int at(std::size_t i) const { return values_.at(i); }
    void push(int v) { values_.push_back(v); }

private:
    std::vector<int> values_;
};

extern "C" {

Counter *counter_new(int start) { return new Counter(start); }

int counter_get(const Counter *c, unsigned i) { return c->at(i); }

int parse_count(const char *text) { return std::stoi(text); }

void counter_free(Counter *c) noexcept { delete c; }

}
