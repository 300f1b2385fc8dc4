// C++ classes as FFI Lens lays them out: hover a class name for its rows
// (vtable pointer, base subobjects, members) and whether C may use it.
#pragma once

struct Point {            // standard-layout and trivially copyable: fine for C
  float x, y;
};

struct Tag {};            // empty: takes no room as a base

class Shape {             // polymorphic: a vtable pointer first, opaque to C
public:
  virtual ~Shape();
  virtual float area() const = 0;
  int id;
};

class Circle : public Shape, private Tag {
public:
  float area() const override;
  Point center;
  float radius;
  static int count;       // no storage in the object
};

class Header {            // not a POD: a derived class reuses its tail padding (Itanium)
public:
  Header();
  long long stamp;
  char kind;
};

struct Packet : Header {
  char flags;             // at byte 9 on Itanium targets, 16 on MSVC
  [[no_unique_address]] Tag tag;
};
