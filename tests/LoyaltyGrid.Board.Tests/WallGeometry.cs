using Microsoft.Playwright;

namespace LoyaltyGrid.Board.Tests;

/// <summary>
/// What the wall must be on a 1920×1080 screen read from three metres (docs/board.md, "Layout"),
/// measured in the browser: every tile, panel, the header and the alert banner inside the viewport
/// and none overlapping another, nothing cut off (no element or block whose content is wider or
/// taller than its box), no scrollbar on the page, no visible text below <see cref="MinTextPx"/>
/// and no figure below <see cref="MinFigurePx"/>.
/// </summary>
public static class WallGeometry
{
    public const int MinTextPx = 20;
    public const int MinFigurePx = 28;

    /// <summary>The blocks the wall is made of, each measured as a whole.</summary>
    public const string Blocks = "header.bar, #alerts, .tile, .panel";

    /// <summary>The big figures: a tile's, and each satisfaction and complaint figure of today.</summary>
    public const string Figures = ".tile-value, .figure-value";

    /// <summary>Every breach of the rules above, described; empty when the wall is readable.</summary>
    public static Task<string[]> ProblemsAsync(IPage page) =>
        page.EvaluateAsync<string[]>(
            """
            ([blocksSelector, figuresSelector, minText, minFigure]) => {
                const problems = [];
                const doc = document.documentElement;
                if (doc.scrollWidth > doc.clientWidth || doc.scrollHeight > doc.clientHeight) {
                    problems.push(`the page scrolls: ${doc.scrollWidth}×${doc.scrollHeight} in ${doc.clientWidth}×${doc.clientHeight}`);
                }
                const shown = el => {
                    const r = el.getBoundingClientRect();
                    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
                };
                const name = el => {
                    const own = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}${[...el.classList].map(c => `.${c}`).join('')}`;
                    const block = el.parentElement && el.parentElement.closest(blocksSelector);
                    const where = block ? (block.id ? `#${block.id}` : `${block.tagName.toLowerCase()}.${[...block.classList].join('.')}`) : '';
                    return where && where !== own ? `${where} ${own}` : own;
                };
                const text = el => (el.textContent || '').trim().slice(0, 40);
                const slack = 1;

                const blocks = [...document.querySelectorAll(blocksSelector)].filter(shown);
                for (const block of blocks) {
                    const r = block.getBoundingClientRect();
                    if (r.left < -slack || r.top < -slack || r.right > innerWidth + slack || r.bottom > innerHeight + slack) {
                        problems.push(`${name(block)} is not inside the ${innerWidth}×${innerHeight} viewport: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}`);
                    }
                    if (block.scrollHeight > block.clientHeight + slack || block.scrollWidth > block.clientWidth + slack) {
                        problems.push(`${name(block)} cuts its content off: ${block.scrollWidth}×${block.scrollHeight} in ${block.clientWidth}×${block.clientHeight}`);
                    }
                }
                for (let i = 0; i < blocks.length; i++) {
                    for (let j = i + 1; j < blocks.length; j++) {
                        const a = blocks[i].getBoundingClientRect();
                        const b = blocks[j].getBoundingClientRect();
                        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                        if (w > slack && h > slack) {
                            problems.push(`${name(blocks[i])} and ${name(blocks[j])} overlap by ${Math.round(w)}×${Math.round(h)}`);
                        }
                    }
                }

                for (const block of blocks) {
                    const outer = block.getBoundingClientRect();
                    for (const el of block.querySelectorAll('*')) {
                        if (el instanceof SVGElement || el.tagName === 'OPTION' || !shown(el)) {
                            continue;
                        }
                        if (el.scrollWidth > el.clientWidth + slack && el.clientWidth > 0) {
                            problems.push(`${name(el)} is cut off: ${el.scrollWidth} px of content in ${el.clientWidth} px ("${text(el)}")`);
                        }
                        const r = el.getBoundingClientRect();
                        if (r.left < outer.left - slack || r.right > outer.right + slack || r.top < outer.top - slack || r.bottom > outer.bottom + slack) {
                            problems.push(`${name(el)} sticks out of ${name(block)} ("${text(el)}")`);
                        }
                        const ownText = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
                        const size = parseFloat(getComputedStyle(el).fontSize);
                        if (ownText && size < minText) {
                            problems.push(`${name(el)} has ${size} px text, below ${minText} px ("${text(el)}")`);
                        }
                    }
                }
                for (const el of [...document.querySelectorAll(figuresSelector)].filter(shown)) {
                    const size = parseFloat(getComputedStyle(el).fontSize);
                    if (size < minFigure) {
                        problems.push(`${name(el)} is a ${size} px figure, below ${minFigure} px ("${text(el)}")`);
                    }
                }
                return problems;
            }
            """,
            new object[] { Blocks, Figures, MinTextPx, MinFigurePx });

    /// <summary>The measured font sizes, smallest first, for the test's log: "20 px: 512 elements".</summary>
    public static Task<string[]> TextSizesAsync(IPage page) =>
        page.EvaluateAsync<string[]>(
            """
            blocksSelector => {
                const sizes = new Map();
                for (const block of document.querySelectorAll(blocksSelector)) {
                    for (const el of [block, ...block.querySelectorAll('*')]) {
                        const r = el.getBoundingClientRect();
                        const ownText = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
                        if (ownText && r.width > 0 && r.height > 0) {
                            const size = Math.round(parseFloat(getComputedStyle(el).fontSize) * 10) / 10;
                            sizes.set(size, (sizes.get(size) || 0) + 1);
                        }
                    }
                }
                return [...sizes.entries()].sort((a, b) => a[0] - b[0]).map(([size, n]) => `${size} px: ${n}`);
            }
            """,
            Blocks);
}
