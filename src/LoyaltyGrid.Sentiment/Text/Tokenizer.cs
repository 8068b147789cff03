using System.Text;

namespace LoyaltyGrid.Sentiment.Text;

/// <summary>
/// Splits a text into clauses at punctuation (negation never reaches across one), and each clause into
/// words: runs of Han characters through jieba, runs of Latin letters and digits as English words.
/// </summary>
public sealed class Tokenizer(ChineseSegmenter chinese)
{
    public IReadOnlyList<IReadOnlyList<Token>> Clauses(string text)
    {
        var clauses = new List<IReadOnlyList<Token>>();
        var current = new List<Token>();
        var word = new StringBuilder();
        var han = new StringBuilder();

        void FlushWord()
        {
            if (word.Length > 0)
            {
                current.Add(new Token(word.ToString(), Han: false));
                word.Clear();
            }
        }
        void FlushHan()
        {
            if (han.Length > 0)
            {
                foreach (var piece in chinese.Cut(han.ToString()))
                {
                    if (piece.Length > 0 && piece.All(Scripts.IsHan))
                    {
                        current.Add(new Token(piece, Han: true));
                    }
                }
                han.Clear();
            }
        }
        void EndClause()
        {
            FlushWord();
            FlushHan();
            if (current.Count > 0)
            {
                clauses.Add(current);
                current = [];
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Scripts.IsHan(c))
            {
                FlushWord();
                han.Append(c);
            }
            else if (char.IsLetterOrDigit(c))
            {
                FlushHan();
                word.Append(char.ToLowerInvariant(c));
            }
            else if (IsApostrophe(c) && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                // "don't", "isn't": the negation lives in the contraction, so it stays one word.
                word.Append('\'');
            }
            else if (IsClauseBreak(c))
            {
                EndClause();
            }
            else
            {
                FlushWord();
                FlushHan();
            }
        }
        EndClause();
        return clauses;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static bool IsClauseBreak(char c) =>
        c is '.' or ',' or '!' or '?' or ';' or ':' or '\n' or '(' or ')'
            or '。' or '，' or '！' or '？' or '；' or '：' or '、' or '…' or '（' or '）' or '~' or '～';
}
