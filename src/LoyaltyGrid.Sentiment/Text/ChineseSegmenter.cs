using JiebaNet.Segmenter;
using LoyaltyGrid.Sentiment.Lexicon;

namespace LoyaltyGrid.Sentiment.Text;

/// <summary>
/// jieba.NET's segmentation (MIT) over its bundled dictionary, which the build copies next to the assembly
/// (folder jieba/): it is read from there, never downloaded. The lexicon's Chinese terms the dictionary lacks
/// are added so that jieba keeps them whole; that covers the traditional forms, which its dictionary mostly lacks.
/// </summary>
public sealed class ChineseSegmenter
{
    // jieba's dictionary is a process-wide singleton configured through a static path, so it is set up once.
    private static readonly Lock Gate = new();
    private static JiebaSegmenter? _shared;

    private readonly JiebaSegmenter _jieba;

    public ChineseSegmenter(SentimentLexicon lexicon)
    {
        lock (Gate)
        {
            if (_shared is null)
            {
                var folder = Path.Combine(AppContext.BaseDirectory, "jieba");
                if (!File.Exists(Path.Combine(folder, "dict.txt")))
                {
                    throw new InvalidOperationException($"jieba's dictionary is missing from {folder}; the build of LoyaltyGrid.Sentiment copies it there.");
                }
                ConfigManager.ConfigFileBaseDir = folder;
                var jieba = new JiebaSegmenter();
                foreach (var entry in lexicon.Entries)
                {
                    if (entry.Term.Length > 1 && entry.Term.All(Scripts.IsHan) && !WordDictionary.Instance.ContainsWord(entry.Term))
                    {
                        // A modest frequency: enough to keep the term whole, not so much that it swallows longer words.
                        jieba.AddWord(entry.Term, 50);
                    }
                }
                _shared = jieba;
            }
            _jieba = _shared;
        }
    }

    public IEnumerable<string> Cut(string hanRun) => _jieba.Cut(hanRun, cutAll: false, hmm: true);
}
