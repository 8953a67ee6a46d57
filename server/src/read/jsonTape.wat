;; The structural pass of read/jsonView.ts over ASCII text, in WebAssembly: the same tape as the
;; JavaScript pass (JsonText.buildInJs), several times faster than a JavaScript loop over the
;; characters. scripts/wasm.mjs assembles this file into jsonTapeWasm.ts; a test checks that the
;; two agree.
;;
;; The text must be JSON that JSON.parse has accepted: nothing is checked here, only structure
;; is looked at.
(module
  (memory (export "memory") 1)

  ;; Object members met by the last call of $tape, repeats included.
  (global $members (export "members") (mut i32) (i32.const 0))
  ;; Line starts it recorded (the first, 0, included), or -1 when there were more than its room.
  (global $lineCount (export "lineCount") (mut i32) (i32.const 0))
  ;; 0 when every object's keys were compared and none repeats; 2 when some key has an escape
  ;; and was not compared here (the caller compares keys itself then).
  (global $keys (export "keys") (mut i32) (i32.const 0))

  ;; True when memory reaches $end, grown if need be.
  (func $room (param $end i32) (result i32)
    (local $have i32)
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.le_u (local.get $end) (local.get $have)) (then (return (i32.const 1))))
    (i32.ne
      (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535)) (i32.const 16)))
      (i32.const -1)))

  ;; Whether two keys' entries (hash, start, length) are of the same key: hash, length, bytes.
  (func $sameKey (param $a i32) (param $b i32) (result i32)
    (local $i i32) (local $n i32) (local $pa i32) (local $pb i32)
    (if (i32.ne (i32.load (local.get $a)) (i32.load (local.get $b))) (then (return (i32.const 0))))
    (local.set $n (i32.load offset=8 (local.get $a)))
    (if (i32.ne (local.get $n) (i32.load offset=8 (local.get $b))) (then (return (i32.const 0))))
    (local.set $pa (i32.load offset=4 (local.get $a)))
    (local.set $pb (i32.load offset=4 (local.get $b)))
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $pa) (local.get $i))) (i32.load8_u (i32.add (local.get $pb) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (i32.const 1))

  ;; Whether the keys of one object repeat: its members are the tape entries from $first, hopping
  ;; to the next, up to $end. 0: no key repeats; 1: one does; 2: a key has an escape (its bytes are
  ;; not its value: not compared here). Works in memory from $scratch on: three i32 per key (its
  ;; FNV-1a hash, where its bytes start, how many), then a hash table of key numbers + 1.
  (func $repeats (param $tape i32) (param $first i32) (param $end i32) (param $scratch i32) (result i32)
    (local $j i32) (local $n i32) (local $e i32) (local $s i32) (local $q i32) (local $h i32) (local $c i32)
    (local $size i32) (local $table i32) (local $slot i32) (local $k i32) (local $other i32) (local $o i32)
    (local.set $j (local.get $first))
    (block $listed
      (loop $each
        (br_if $listed (i32.ge_u (local.get $j) (local.get $end)))
        (local.set $e (i32.add (local.get $scratch) (i32.mul (local.get $n) (i32.const 12))))
        (if (i32.eqz (call $room (i32.add (local.get $e) (i32.const 12)))) (then (return (i32.const 2))))
        (local.set $o (i32.add (local.get $tape) (i32.shl (local.get $j) (i32.const 4))))
        ;; The key's bytes, after its opening quote, up to its closing one.
        (local.set $s (i32.add (i32.load offset=12 (local.get $o)) (i32.const 1)))
        (local.set $q (local.get $s))
        (local.set $h (i32.const 0x811c9dc5))
        (block $keyEnd
          (loop $byte
            (local.set $c (i32.load8_u (local.get $q)))
            (br_if $keyEnd (i32.eq (local.get $c) (i32.const 34)))
            (if (i32.eq (local.get $c) (i32.const 92)) (then (return (i32.const 2))))
            (local.set $h (i32.mul (i32.xor (local.get $h) (local.get $c)) (i32.const 0x01000193)))
            (local.set $q (i32.add (local.get $q) (i32.const 1)))
            (br $byte)))
        (i32.store (local.get $e) (local.get $h))
        (i32.store offset=4 (local.get $e) (local.get $s))
        (i32.store offset=8 (local.get $e) (i32.sub (local.get $q) (local.get $s)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $j (i32.load offset=8 (local.get $o)))
        (br $each)))
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return (i32.const 0))))
    ;; A few keys (most objects): each against those before it.
    (if (i32.le_u (local.get $n) (i32.const 8))
      (then
        (local.set $k (i32.const 1))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $e (i32.add (local.get $scratch) (i32.mul (local.get $k) (i32.const 12))))
            (local.set $other (i32.const 0))
            (block $earlierDone
              (loop $earlier
                (br_if $earlierDone (i32.ge_u (local.get $other) (local.get $k)))
                (local.set $o (i32.add (local.get $scratch) (i32.mul (local.get $other) (i32.const 12))))
                (if (call $sameKey (local.get $o) (local.get $e)) (then (return (i32.const 1))))
                (local.set $other (i32.add (local.get $other) (i32.const 1)))
                (br $earlier)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $pairs)))
        (return (i32.const 0))))
    ;; A power of two at least twice the keys: open addressing, linear probing.
    (local.set $size (i32.const 4))
    (block $sized
      (loop $double
        (br_if $sized (i32.ge_u (local.get $size) (i32.shl (local.get $n) (i32.const 1))))
        (local.set $size (i32.shl (local.get $size) (i32.const 1)))
        (br $double)))
    (local.set $table (i32.add (local.get $scratch) (i32.mul (local.get $n) (i32.const 12))))
    (if (i32.eqz (call $room (i32.add (local.get $table) (i32.shl (local.get $size) (i32.const 2))))) (then (return (i32.const 2))))
    (memory.fill (local.get $table) (i32.const 0) (i32.shl (local.get $size) (i32.const 2)))
    (local.set $k (i32.const 0))
    (block $inserted
      (loop $insert
        (br_if $inserted (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $e (i32.add (local.get $scratch) (i32.mul (local.get $k) (i32.const 12))))
        (local.set $slot (i32.and (i32.load (local.get $e)) (i32.sub (local.get $size) (i32.const 1))))
        (block $placed
          (loop $probe
            (local.set $other (i32.load (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 2)))))
            (if (i32.eqz (local.get $other))
              (then
                (i32.store (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 2))) (i32.add (local.get $k) (i32.const 1)))
                (br $placed)))
            (local.set $o (i32.add (local.get $scratch) (i32.mul (i32.sub (local.get $other) (i32.const 1)) (i32.const 12))))
            (if (call $sameKey (local.get $o) (local.get $e)) (then (return (i32.const 1))))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.sub (local.get $size) (i32.const 1))))
            (br $probe)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $insert)))
    (i32.const 0))

  ;; Blanks, commas and colons (9, 10, 13, 32, 44, 58) separate tokens and are otherwise skipped.
  (func $skippable (param $c i32) (result i32)
    (i32.and
      (i32.lt_u (local.get $c) (i32.const 64))
      (i32.wrap_i64
        (i64.and
          (i64.shr_u (i64.const 0x0400100100002600) (i64.extend_i32_u (local.get $c)))
          (i64.const 1)))))

  ;; Where the string whose opening quote is at $p ends (after its closing quote).
  (func $stringEnd (param $p i32) (param $len i32) (result i32)
    (local $x i64) (local $q i64) (local $b i64) (local $z i64)
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (loop $next
      ;; Eight bytes at a time. A byte of x is zero in x ^ 0x22.. (0x5c..) where it is a quote (a
      ;; backslash); (v - 0x01..) & ~v & 0x80.. flags zero bytes, the lowest flag exactly, so its
      ;; trailing zeros / 8 is the place of the first quote or backslash.
      (local.set $x (i64.load (local.get $p)))
      (local.set $q (i64.xor (local.get $x) (i64.const 0x2222222222222222)))
      (local.set $b (i64.xor (local.get $x) (i64.const 0x5c5c5c5c5c5c5c5c)))
      (local.set $z
        (i64.and
          (i64.or
            (i64.and (i64.sub (local.get $q) (i64.const 0x0101010101010101)) (i64.xor (local.get $q) (i64.const -1)))
            (i64.and (i64.sub (local.get $b) (i64.const 0x0101010101010101)) (i64.xor (local.get $b) (i64.const -1))))
          (i64.const 0x8080808080808080)))
      (if (i64.eqz (local.get $z))
        (then
          (local.set $p (i32.add (local.get $p) (i32.const 8)))
          (br_if $next (i32.lt_u (local.get $p) (local.get $len)))
          (return (local.get $len))))
      (local.set $p (i32.add (local.get $p) (i32.wrap_i64 (i64.shr_u (i64.ctz (local.get $z)) (i64.const 3)))))
      (if (i32.ge_u (local.get $p) (local.get $len)) (then (return (local.get $len))))
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 34))
        (then (return (i32.add (local.get $p) (i32.const 1)))))
      ;; A backslash escapes the byte after it.
      (local.set $p (i32.add (local.get $p) (i32.const 2)))
      (br $next))
    (local.get $len))

  ;; Where the number or literal at $p ends.
  (func $literalEnd (param $p i32) (param $len i32) (result i32)
    (local $c i32)
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (block $out
      (loop $next
        (br_if $out (i32.ge_u (local.get $p) (local.get $len)))
        (local.set $c (i32.load8_u (local.get $p)))
        (br_if $out (call $skippable (local.get $c)))
        (br_if $out (i32.eq (local.get $c) (i32.const 125)))
        (br_if $out (i32.eq (local.get $c) (i32.const 93)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    (local.get $p))

  ;; The text is at [0, $len). The tape gets four i32 per value, in document order: start, end,
  ;; the index after the value's subtree, and its key's start (-1 when it has none). $stack holds
  ;; an i32 pair per open container: its tape index, and 1 for an object. Returns the count of
  ;; values, -1 when $cap entries are too few, -2 when $depth containers nest deeper.
  ;; The start of every line goes to $lines (room for $lineCap), as LineIndex counts lines: after
  ;; an LF, and after a CR that no LF follows. Valid JSON has line breaks only between tokens.
  ;; A value nested deeper than $maxDepth (the root is at 0) returns -2, and a key repeated in an
  ;; object -3 (see $repeats, which works from $scratch on; $keys says what it could not compare).
  (func (export "tape") (param $len i32) (param $tape i32) (param $cap i32) (param $stack i32) (param $depth i32) (param $lines i32) (param $lineCap i32) (param $maxDepth i32) (param $scratch i32) (result i32)
    (local $p i32) (local $c i32) (local $count i32) (local $sp i32) (local $key i32) (local $o i32) (local $q i32) (local $members i32) (local $nl i32) (local $y i64) (local $i i32) (local $r i32)
    (local.set $key (i32.const -1))
    (global.set $keys (i32.const 0))
    ;; Line 0 starts at 0.
    (i32.store (local.get $lines) (i32.const 0))
    (local.set $nl (i32.const 1))
    (block $end
      (loop $next
        (block $token
          (loop $skip
            ;; Spaces eight at a time, and to the first other byte in one step: in x ^ 0x20.. a
            ;; space is a zero byte, so its trailing zeros / 8 count the spaces that lead. (The
            ;; text is followed by at least eight bytes of room, the stack's.)
            (local.set $y (i64.xor (i64.load (local.get $p)) (i64.const 0x2020202020202020)))
            (if (i64.eqz (local.get $y))
              (then
                (local.set $p (i32.add (local.get $p) (i32.const 8)))
                (br $skip)))
            (local.set $p (i32.add (local.get $p) (i32.wrap_i64 (i64.shr_u (i64.ctz (local.get $y)) (i64.const 3)))))
            (br_if $end (i32.ge_u (local.get $p) (local.get $len)))
            (local.set $c (i32.load8_u (local.get $p)))
            ;; A line break: the next line starts after it (a CR before an LF leaves it to the LF).
            (if (i32.or
                  (i32.eq (local.get $c) (i32.const 10))
                  (i32.and
                    (i32.eq (local.get $c) (i32.const 13))
                    (i32.or
                      (i32.ge_u (i32.add (local.get $p) (i32.const 1)) (local.get $len))
                      (i32.ne (i32.load8_u offset=1 (local.get $p)) (i32.const 10)))))
              (then
                (if (i32.lt_s (local.get $nl) (local.get $lineCap))
                  (then
                    (i32.store (i32.add (local.get $lines) (i32.shl (local.get $nl) (i32.const 2))) (i32.add (local.get $p) (i32.const 1)))
                    (local.set $nl (i32.add (local.get $nl) (i32.const 1))))
                  (else (local.set $nl (i32.const 2147483647))))))
            (br_if $token
              (i32.eqz
                (i32.and
                  (i32.lt_u (local.get $c) (i32.const 64))
                  (i32.wrap_i64
                    (i64.and
                      (i64.shr_u (i64.const 0x0400100100002600) (i64.extend_i32_u (local.get $c)))
                      (i64.const 1))))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $skip)))
        ;; The end of a container: its end and the index after its subtree.
        (if (i32.or (i32.eq (local.get $c) (i32.const 125)) (i32.eq (local.get $c) (i32.const 93)))
          (then
            (local.set $sp (i32.sub (local.get $sp) (i32.const 1)))
            (local.set $i (i32.load (i32.add (local.get $stack) (i32.shl (local.get $sp) (i32.const 3)))))
            (local.set $o (i32.add (local.get $tape) (i32.shl (local.get $i) (i32.const 4))))
            (i32.store offset=4 (local.get $o) (i32.add (local.get $p) (i32.const 1)))
            (i32.store offset=8 (local.get $o) (local.get $count))
            ;; An object with members: do any of its keys repeat?
            (if (i32.and (i32.eq (local.get $c) (i32.const 125)) (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $count)))
              (then
                (local.set $r (call $repeats (local.get $tape) (i32.add (local.get $i) (i32.const 1)) (local.get $count) (local.get $scratch)))
                (if (i32.eq (local.get $r) (i32.const 1)) (then (return (i32.const -3))))
                (if (i32.eq (local.get $r) (i32.const 2)) (then (global.set $keys (i32.const 2))))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $next)))
        ;; A string where an object expects a key: the value after the colon is the member's.
        (if (i32.and
              (i32.eq (local.get $c) (i32.const 34))
              (i32.and
                (i32.lt_s (local.get $key) (i32.const 0))
                (i32.and
                  (i32.gt_s (local.get $sp) (i32.const 0))
                  (i32.load offset=4 (i32.add (local.get $stack) (i32.shl (i32.sub (local.get $sp) (i32.const 1)) (i32.const 3)))))))
          (then
            (local.set $key (local.get $p))
            (local.set $members (i32.add (local.get $members) (i32.const 1)))
            (local.set $p (call $stringEnd (local.get $p) (local.get $len)))
            (br $next)))
        ;; A value.
        (if (i32.gt_u (local.get $sp) (local.get $maxDepth)) (then (return (i32.const -2))))
        (if (i32.ge_u (local.get $count) (local.get $cap)) (then (return (i32.const -1))))
        (local.set $o (i32.add (local.get $tape) (i32.shl (local.get $count) (i32.const 4))))
        (i32.store (local.get $o) (local.get $p))
        (i32.store offset=12 (local.get $o) (local.get $key))
        (local.set $key (i32.const -1))
        (if (i32.or (i32.eq (local.get $c) (i32.const 123)) (i32.eq (local.get $c) (i32.const 91)))
          (then
            (if (i32.ge_u (local.get $sp) (local.get $depth)) (then (return (i32.const -2))))
            (local.set $q (i32.add (local.get $stack) (i32.shl (local.get $sp) (i32.const 3))))
            (i32.store (local.get $q) (local.get $count))
            (i32.store offset=4 (local.get $q) (i32.eq (local.get $c) (i32.const 123)))
            (local.set $sp (i32.add (local.get $sp) (i32.const 1)))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $next)))
        (local.set $q
          (if (result i32) (i32.eq (local.get $c) (i32.const 34))
            (then (call $stringEnd (local.get $p) (local.get $len)))
            (else (call $literalEnd (local.get $p) (local.get $len)))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (i32.store offset=4 (local.get $o) (local.get $q))
        (i32.store offset=8 (local.get $o) (local.get $count))
        (local.set $p (local.get $q))
        (br $next)))
    (global.set $members (local.get $members))
    (global.set $lineCount (select (i32.const -1) (local.get $nl) (i32.eq (local.get $nl) (i32.const 2147483647))))
    (local.get $count)))
