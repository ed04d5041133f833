// A run's output, capped: the first lines go to the page as they come (the head); once the head is full, only
// the last lines are kept (the tail) and every line dropped between them is counted. Pure: no timers, no
// messages. worker.js batches what it gives and posts it; tests/js tests it in Node.
//
//   createOutputCap({headLines, headChars, tailLines, tailChars}) -> cap
//   cap.write(stream, text)   stream "stdout" | "stderr"; text as the stream gave it (may hold many lines or part of one)
//   cap.take() -> {chunks, omitted, tail}   what is new since the last take: chunks = [[stream, text], ...] of the
//                                           head, in order; once past the head, omitted (lines dropped so far) and
//                                           tail (the kept last lines, neighbouring lines of one stream joined),
//                                           else tail is null
//   cap.headFull: boolean;  cap.pending: boolean (something to take)
// The cap never holds more than the head's untaken chunks and tailLines lines of at most tailChars characters.
"use strict";

(() => {
  function createOutputCap({ headLines, headChars, tailLines, tailChars }) {
    let chunks = [];
    let linesInHead = 0;
    let charsInHead = 0;
    let tail = []; // [stream, one line (or the unfinished last one)]
    let charsInTail = 0;
    let omitted = 0;
    let tailChanged = false;

    // Queue what still fits in the head; return the rest.
    function takeHead(stream, text) {
      if (cap.headFull) return text;
      const room = headChars - charsInHead;
      let at = 0;
      while (at < text.length && at < room && linesInHead < headLines) {
        const lineBreak = text.indexOf("\n", at);
        if (lineBreak === -1 || lineBreak + 1 > room) {
          at = Math.min(text.length, room);
          break;
        }
        at = lineBreak + 1;
        linesInHead += 1;
      }
      if (at > 0) chunks.push([stream, text.slice(0, at)]);
      charsInHead += at;
      cap.headFull = linesInHead >= headLines || charsInHead >= headChars;
      return text.slice(at);
    }

    // Keep the last tailLines lines (one entry per line); count every line dropped.
    function keepInTail(stream, text) {
      for (let at = 0; at < text.length;) {
        const lineBreak = text.indexOf("\n", at);
        const end = lineBreak === -1 ? text.length : lineBreak + 1;
        const piece = text.slice(at, end);
        const last = tail[tail.length - 1];
        if (last && last[0] === stream && !last[1].endsWith("\n")) last[1] += piece;
        else tail.push([stream, piece]);
        charsInTail += piece.length;
        at = end;
      }
      while (tail.length > tailLines || (tail.length > 1 && charsInTail > tailChars)) {
        charsInTail -= tail.shift()[1].length;
        omitted += 1;
      }
      const last = tail[tail.length - 1];
      if (last[1].length > tailChars) { // one line longer than the whole tail: keep its end
        charsInTail -= last[1].length - tailChars;
        last[1] = last[1].slice(-tailChars);
      }
      tailChanged = true;
    }

    function joinedTail() {
      const joined = [];
      for (const [stream, text] of tail) {
        const last = joined[joined.length - 1];
        if (last && last[0] === stream) last[1] += text;
        else joined.push([stream, text]);
      }
      return joined;
    }

    const cap = {
      headFull: false,
      get pending() { return chunks.length > 0 || tailChanged; },
      write(stream, text) {
        const rest = takeHead(stream, text);
        if (rest) keepInTail(stream, rest);
      },
      take() {
        const taken = { chunks, omitted, tail: tail.length ? joinedTail() : null };
        chunks = [];
        tailChanged = false;
        return taken;
      },
    };
    return cap;
  }

  const api = { createOutputCap };
  if (typeof module === "object" && module.exports) module.exports = api; // Node's tests
  else self.interactiveOutputCap = api; // worker.js (importScripts)
})();
