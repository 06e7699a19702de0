// A discovery worker that stops without a word, as one killed by a crash in native code would.
process.exit(3);
