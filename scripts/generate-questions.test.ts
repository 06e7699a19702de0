import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { generateQuestions, MAX_WORDS, MIN_WORDS, questionsCsv, wordCount } from './generate-questions.js';

describe('generateQuestions', () => {
  const questions = generateQuestions(2000, 3);

  it('gives the same questions for the same seed, others for another, and a prefix for fewer', () => {
    expect(generateQuestions(2000, 3)).toEqual(questions);
    expect(generateQuestions(2000, 4).map((q) => q.text)).not.toEqual(questions.map((q) => q.text));
    expect(generateQuestions(100, 3)).toEqual(questions.slice(0, 100));
    expect(generateQuestions(0)).toEqual([]);
  });

  it('gives n questions of 15 to 30 words with unique ids', () => {
    expect(questions).toHaveLength(2000);
    for (const q of questions) {
      expect(wordCount(q.text)).toBeGreaterThanOrEqual(MIN_WORDS);
      expect(wordCount(q.text)).toBeLessThanOrEqual(MAX_WORDS);
    }
    expect(new Set(questions.map((q) => q.id)).size).toBe(2000);
  });

  it('spans the topics and mostly asks different things', () => {
    expect(new Set(questions.map((q) => q.topic)).size).toBe(20);
    expect(new Set(questions.map((q) => q.text)).size).toBeGreaterThan(1900);
    expect(questions.some((q) => /\blln\b/.test(q.text))).toBe(true);
  });

  it('writes CSV that reads back to the same rows', () => {
    const parsed = Papa.parse<Record<string, string>>(questionsCsv(questions.slice(0, 50)), {
      header: true,
      skipEmptyLines: true
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual(questions.slice(0, 50));
  });
});
