// The LoyaltyGrid KPI wall. Every number comes from the KPI hub (/hubs/kpi), opened with the ops
// key the viewer types in; the key is kept in sessionStorage, so it lives as long as this tab.
// The hub answers Watch(storefront, market) with the scope's snapshot and then pushes `snapshot`
// whenever it changes (and at least every 5 s). After a reconnect, Watch is called again so the
// wall starts from a fresh snapshot rather than whatever it last saw.
//
// Language: the server picks it (?lang=, else Accept-Language, else English), writes it into
// <html lang> and embeds that language's message catalogue (Board/i18n/<lang>.json) in the page,
// so the first paint is already in the right language. Every label comes from the catalogue and
// every number, amount and time is formatted by Intl for that language. The switcher reloads the
// page with ?lang=, which keeps the choice in the URL; the key survives in sessionStorage.
(() => {
  'use strict';

  const KEY_STORAGE = 'loyaltygrid.board.opsKey';
  const HUB_PATH = '/hubs/kpi';
  const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
  const MARKET_PATTERN = /^[A-Z]{2}$/;
  // After the automatic reconnects give up (about a minute), the wall shows "offline" and tries a
  // fresh connection this often, for as long as it stays open: nobody stands at a wall to press F5.
  const OFFLINE_RETRY_MS = 15000;
  // The hub pushes at least every 5 s; three missed pushes mark the numbers as stale.
  const STALE_AFTER_MS = 15000;

  // The languages the server has catalogues for, each named in itself so that anyone finds their own.
  const LANGUAGES = [['en', 'English'], ['zh-CN', '简体中文'], ['zh-TW', '繁體中文'], ['ja', '日本語'], ['de', 'Deutsch'], ['es', 'Español']];
  const LANG = document.documentElement.lang || 'en';
  // Amounts are in the reporting currency (rules.md), which the server writes into the page.
  const CURRENCY = document.documentElement.dataset.currency || 'USD';
  const MESSAGES = readCatalogue();

  // A message of the catalogue with its {placeholders} filled in; a missing key shows the key, so
  // it stands out on the wall and in the tests instead of falling back to English unnoticed.
  function t(key, values) {
    const text = Object.prototype.hasOwnProperty.call(MESSAGES, key) ? MESSAGES[key] : key;
    return values ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole)) : text;
  }

  function readCatalogue() {
    const embedded = document.getElementById('board-messages');
    try {
      return embedded ? JSON.parse(embedded.textContent) : {};
    } catch {
      return {};
    }
  }

  const moneyFormat = new Intl.NumberFormat(LANG, { style: 'currency', currency: CURRENCY });
  const countFormat = new Intl.NumberFormat(LANG, { maximumFractionDigits: 0 });
  const decimalFormat = new Intl.NumberFormat(LANG, { maximumFractionDigits: 2 });
  const percentFormat = new Intl.NumberFormat(LANG, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const hoursFormat = new Intl.NumberFormat(LANG, { style: 'unit', unit: 'hour', unitDisplay: 'short', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const npsFormat = new Intl.NumberFormat(LANG, { maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const liftFormat = new Intl.NumberFormat(LANG, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const pValueFormat = new Intl.NumberFormat(LANG, { maximumSignificantDigits: 2 });
  // Times are UTC, like the event-time buckets; Intl puts the zone name where the language wants it.
  const timeFormat = new Intl.DateTimeFormat(LANG, { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  const monthFormat = new Intl.DateTimeFormat(LANG, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const relativeFormat = new Intl.RelativeTimeFormat(LANG, { numeric: 'auto' });
  const regionNames = new Intl.DisplayNames([LANG], { type: 'region', fallback: 'code' });
  const DASH = '—';

  const money = value => moneyFormat.format(value);
  const count = value => countFormat.format(value);
  const points = value => t('unit.points', { n: countFormat.format(value) });
  const regionName = code => {
    try {
      return regionNames.of(code);
    } catch {
      return code;
    }
  };
  // A ratio over nothing is shown as a dash rather than as a misleading 0.0 %.
  const ratio = (value, denominator) => (denominator > 0 ? percentFormat.format(value) : DASH);

  // Design: the big number of each tile is today (the UTC day, by event time), the figure a wall
  // watcher expects to move; all-time sits beside it, smaller, for scale. Repeat purchase rate is
  // all-time by its definition and points outstanding is a balance as of now, so those two tiles
  // show that one figure big; returning customer rate puts this month beside today, because over
  // all time nobody can have bought "before", which makes that rate 0 by definition. Sparklines are per minute over the last 60 minutes by acceptance
  // time (live.perMinute); a minute with nothing to divide by is a gap, not a drop to zero. The
  // live windows carry no buyer counts, so the two customer-rate tiles chart the value this
  // screen saw at each minute instead, and say so.
  const TILES = [
    {
      id: 'orders',
      main: s => count(s.today.orders), side: s => count(s.allTime.orders),
      spark: w => w.orders,
    },
    {
      id: 'revenue',
      main: s => money(s.today.grossRevenue), side: s => money(s.allTime.grossRevenue),
      spark: w => w.grossRevenue,
    },
    {
      id: 'aov',
      main: s => (s.today.orders > 0 ? money(s.today.aov) : DASH), side: s => (s.allTime.orders > 0 ? money(s.allTime.aov) : DASH),
      spark: w => (w.orders > 0 ? w.aov : null),
    },
    {
      id: 'conversion',
      main: s => ratio(s.today.conversionRate, s.today.visits), side: s => ratio(s.allTime.conversionRate, s.allTime.visits),
      spark: w => (w.visits > 0 ? w.conversionRate : null),
    },
    {
      id: 'repeat', mainPeriod: 'allTime',
      main: s => ratio(s.repeatPurchaseRate, s.allTime.buyers),
      sample: s => (s.allTime.buyers > 0 ? s.repeatPurchaseRate : null),
    },
    {
      id: 'returning',
      // All-time has no "before" to return from, so its rate is 0 by definition; this month is the useful scale.
      main: s => ratio(s.today.returningCustomerRate, s.today.buyers),
      side: s => ratio(s.thisMonth.returningCustomerRate, s.thisMonth.buyers), sidePeriod: 'thisMonth',
      sample: s => (s.today.buyers > 0 ? s.today.returningCustomerRate : null),
    },
    {
      id: 'complaint-rate',
      main: s => ratio(s.today.complaintRate, s.today.orders), side: s => ratio(s.allTime.complaintRate, s.allTime.orders),
      spark: w => (w.orders > 0 ? w.complaintRate : null),
    },
    {
      id: 'csat',
      main: s => ratio(s.today.csat, s.today.reviews), side: s => ratio(s.allTime.csat, s.allTime.reviews),
      spark: w => (w.reviews > 0 ? w.csat : null),
    },
    {
      id: 'points', mainPeriod: 'now',
      main: s => points(s.pointsOutstanding),
      spark: w => w.pointsIssued - w.pointsRedeemed - w.pointsExpired - w.pointsReversed,
    },
    {
      id: 'rewards-claimed',
      main: s => count(s.today.rewardsClaimed), side: s => count(s.allTime.rewardsClaimed),
      spark: w => w.rewardsClaimed,
    },
    {
      id: 'coupons-redeemed',
      main: s => count(s.today.couponsRedeemed), side: s => count(s.allTime.couponsRedeemed),
      spark: w => w.couponsRedeemed,
    },
    // The repurchase model's figures (docs/prediction.md) exist on the whole-grid snapshot once a
    // fit has run; they are as of that fit, so they move only when the model is refitted.
    {
      id: 'expected-purchases', mainPeriod: 'next30d', sidePeriod: 'next90d',
      main: s => (s.repurchase ? count(Math.round(s.repurchase.expectedPurchases30d)) : DASH),
      side: s => (s.repurchase ? count(Math.round(s.repurchase.expectedPurchases90d)) : DASH),
      sample: s => (s.repurchase ? s.repurchase.expectedPurchases30d : null),
    },
    {
      id: 'likely-lost', mainPeriod: 'atLastFit', sidePeriod: 'customersFitted',
      main: s => (s.repurchase ? count(s.repurchase.customersLikelyLost) : DASH),
      side: s => (s.repurchase ? count(s.repurchase.customers) : DASH),
      sample: s => (s.repurchase ? s.repurchase.customersLikelyLost : null),
    },
  ];

  // Names as the API spells them; their labels are the catalogue's lifecycle.*, tier.* and category.*.
  const LIFECYCLE = ['prospect', 'new', 'repeat', 'at-risk', 'lapsed'];
  const TIERS = ['Member', 'Silver', 'Gold', 'Platinum'];
  const CATEGORIES = ['logistics', 'quality', 'not-as-described', 'return-refund', 'payment', 'service'];
  const SENTIMENTS = ['positive', 'neutral', 'negative'];
  const MAX_COHORTS = 12;
  const MAX_MARKETS_LISTED = 5;
  const SAMPLE_RATIO_WARNING = 0.01;
  // Map fill by a market's share of the busiest market's revenue: five steps from dim to bright.
  const MAP_STEPS = ['#164e63', '#0e7490', '#0891b2', '#22d3ee', '#a5f3fc'];
  const MAP_EMPTY = '#243044';
  // The smallest a figure may get when shrunk to fit (docs/board.md, "Layout": read from three metres);
  // a tile's figure keeps its period beside it only down to BESIDE_MIN_PX, then the period goes under it.
  const FIGURE_MIN_PX = 28;
  const BESIDE_MIN_PX = 40;

  const $ = id => document.getElementById(id);
  const ui = {
    connection: $('connection'), asOf: $('as-of'), scopeLabel: $('scope-label'), scopeForm: $('scope-form'),
    storefront: $('scope-storefront'), market: $('scope-market'), forgetKey: $('forget-key'),
    login: $('login'), keyForm: $('key-form'), keyInput: $('key-input'), keyError: $('key-error'),
    notice: $('notice'), wall: $('wall'), tiles: $('tiles'), cohorts: $('cohort-table'),
    lifecycle: $('lifecycle'), tiers: $('tiers'), serviceFigures: $('service-figures'), complaints: $('complaints'),
    language: $('language'), alerts: $('alerts'), alertList: $('alert-list'),
    map: $('world-map'), marketList: $('market-list'), marketsTotal: $('markets-total'),
    satisfaction: $('panel-satisfaction'), satisfactionFigures: $('satisfaction-figures'),
    channels: $('panel-channels'), channelTable: $('channel-table'),
    experiments: $('panel-experiments'), experimentList: $('experiment-list'),
  };

  let key = null;
  let connection = null;
  let retryTimer = null;
  let watchRetryTimer = null;
  let scope = scopeFromUrl();
  let watchedScope = null;   // the snapshot `scope` key Watch last answered for
  let latest = null;         // the snapshot shown
  let receivedAt = 0;        // when it arrived (browser clock), for staleness
  let sampled = new Map();   // tile id → Map(minute → value), for tiles without a live series
  let markets = null;        // the latest `markets` push: the map's figures
  let insight = null;        // the latest `insight` push for the watched scope: channels and experiments
  let worldMap = null;       // the jsvectormap instance, made once the wall is visible
  const tileParts = new Map();

  // ---------- connection ----------

  function setState(state, detail) {
    ui.connection.dataset.state = state;
    ui.connection.textContent = t(`connection.${state}`);
    ui.connection.title = detail || '';
    document.body.dataset.connection = state;
  }

  // Retries quickly at first, then every 10 s, for about a minute; then the close handler takes over.
  const reconnectPolicy = {
    nextRetryDelayInMilliseconds: context => {
      if (context.elapsedMilliseconds > 60000) {
        return null;
      }
      return [0, 1000, 2000, 5000][context.previousRetryCount] ?? 10000;
    },
  };

  async function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    const previous = connection;
    connection = null;
    if (previous) {
      await previous.stop().catch(() => {});
    }
    if (!key) {
      return;
    }

    const conn = new signalR.HubConnectionBuilder()
      .withUrl(HUB_PATH, { accessTokenFactory: () => key })
      .withAutomaticReconnect(reconnectPolicy)
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection = conn;
    conn.on('snapshot', snapshot => {
      if (conn === connection) {
        accept(snapshot, false);
      }
    });
    conn.on('markets', figures => {
      if (conn === connection) {
        acceptMarkets(figures);
      }
    });
    conn.on('insight', figures => {
      if (conn === connection) {
        acceptInsight(figures);
      }
    });
    conn.onreconnecting(error => {
      if (conn === connection) {
        setState('reconnecting', error ? messageOf(error) : '');
        markStale(true);
      }
    });
    conn.onreconnected(() => {
      if (conn === connection) {
        // A new connection on the server: it watches nothing until asked, and what it missed
        // meanwhile comes with the fresh snapshot Watch returns.
        watchSafely();
      }
    });
    conn.onclose(error => {
      if (conn === connection) {
        failed(error);
      }
    });

    // While offline with numbers up, the background retries keep saying offline until one works.
    if (!(ui.connection.dataset.state === 'offline' && latest)) {
      setState('connecting');
    }
    try {
      await conn.start();
    } catch (error) {
      if (conn === connection) {
        failed(error);
      }
      return;
    }
    await watchSafely();
  }

  async function watch() {
    const conn = connection;
    if (!conn || conn.state !== signalR.HubConnectionState.Connected) {
      return;
    }
    const requested = { ...scope };
    const snapshot = await conn.invoke('Watch', requested.storefront, requested.market);
    if (conn !== connection || requested.storefront !== scope.storefront || requested.market !== scope.market) {
      return; // a later Watch has taken over
    }
    if (watchedScope !== snapshot.scope) {
      // Another scope's channels and experiments must not stay up under this one's numbers.
      insight = null;
    }
    watchedScope = snapshot.scope;
    accept(snapshot, true);
    hideNotice();
    setState('live');
    // The map's first figures now rather than at the next push; the pushes keep them current.
    conn.invoke('Markets').then(figures => {
      if (conn === connection) {
        acceptMarkets(figures);
      }
    }).catch(() => {});
    // Likewise the scope's channels and experiments (pushed every few seconds after).
    conn.invoke('Insight').then(figures => {
      if (conn === connection) {
        acceptInsight(figures);
      }
    }).catch(() => {});
  }

  // Watch can fail while the connection stays up (a scope grain that cannot answer right now):
  // say so and ask again. If the connection itself went, its own handlers take over.
  function watchSafely() {
    clearTimeout(watchRetryTimer);
    return watch().catch(error => {
      const conn = connection;
      if (conn && conn.state === signalR.HubConnectionState.Connected) {
        showNotice(t('notice.watchFailed', { error: messageOf(error), seconds: count(5) }));
        watchRetryTimer = setTimeout(watchSafely, 5000);
      }
    });
  }

  const messageOf = error => (error ? String(error.message || error) : t('notice.connectionClosed'));

  // Any way the connection can fail ends here: a refused key sends the viewer back to the key
  // form with every number removed; anything else leaves the last numbers up, marked stale, and
  // keeps trying.
  function failed(error) {
    const status = authStatus(error);
    if (status) {
      rejectKey(status);
      return;
    }
    if (!key) {
      return;
    }
    const reason = messageOf(error);
    setState('offline', reason);
    markStale(true);
    showNotice(t('notice.offline', { since: clock(new Date()), reason, seconds: count(OFFLINE_RETRY_MS / 1000) }));
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, OFFLINE_RETRY_MS);
  }

  // The SignalR client reports a refused negotiation only in its message text.
  function authStatus(error) {
    if (!error) {
      return 0;
    }
    if (error.statusCode === 401 || error.statusCode === 403) {
      return error.statusCode;
    }
    const text = String(error.message || error);
    if (/status code '401'|\b401\b|unauthori[sz]ed/i.test(text)) {
      return 401;
    }
    if (/status code '403'|\b403\b|forbidden/i.test(text)) {
      return 403;
    }
    return 0;
  }

  function rejectKey(status) {
    const message = status === 403 ? t('key.notOps') : t('key.refused');
    forgetKey();
    ui.keyError.textContent = message;
    ui.keyError.hidden = false;
  }

  function forgetKey() {
    key = null;
    sessionStorage.removeItem(KEY_STORAGE);
    clearTimeout(retryTimer);
    clearTimeout(watchRetryTimer);
    retryTimer = null;
    const previous = connection;
    connection = null;
    if (previous) {
      previous.stop().catch(() => {});
    }
    clearData();
    hideNotice();
    setState('offline', t('connection.noKey'));
    ui.login.hidden = false;
    ui.forgetKey.hidden = true;
    ui.scopeForm.hidden = true;
    ui.keyInput.value = '';
    ui.keyInput.focus();
  }

  function useKey(value) {
    key = value;
    sessionStorage.setItem(KEY_STORAGE, value);
    ui.keyError.hidden = true;
    ui.login.hidden = true;
    ui.forgetKey.hidden = false;
    ui.scopeForm.hidden = false;
    connect();
  }

  // ---------- scope ----------

  function scopeFromUrl() {
    const query = new URLSearchParams(location.search);
    const storefront = (query.get('storefront') || '').trim();
    const market = (query.get('market') || '').trim().toUpperCase();
    return {
      storefront: ID_PATTERN.test(storefront) ? storefront : null,
      market: MARKET_PATTERN.test(market) ? market : null,
    };
  }

  function scopeText(s) {
    const market = s.market ? { market: s.market, marketName: regionName(s.market) } : {};
    if (s.storefront && s.market) {
      return t('scope.storefrontMarket', { storefront: s.storefront, ...market });
    }
    if (s.storefront) {
      return t('scope.storefront', { storefront: s.storefront });
    }
    return s.market ? t('scope.market', market) : t('scope.grid');
  }

  function changeScope(event) {
    event.preventDefault();
    const storefront = ui.storefront.value.trim();
    const market = ui.market.value.trim().toUpperCase();
    if (storefront && !ID_PATTERN.test(storefront)) {
      showNotice(t('notice.badStorefront'));
      return;
    }
    if (market && !MARKET_PATTERN.test(market)) {
      showNotice(t('notice.badMarket'));
      return;
    }
    hideNotice();
    scope = { storefront: storefront || null, market: market || null };
    ui.market.value = scope.market || '';
    // Only the scope changes: the language choice (?lang=) stays in the URL.
    const query = new URLSearchParams(location.search);
    query.delete('storefront');
    query.delete('market');
    if (scope.storefront) {
      query.set('storefront', scope.storefront);
    }
    if (scope.market) {
      query.set('market', scope.market);
    }
    const search = query.toString();
    history.replaceState(null, '', search ? `?${search}` : location.pathname);
    ui.scopeLabel.textContent = scopeText(scope);
    sampled = new Map();
    watchSafely();
  }

  // ---------- snapshots ----------

  function accept(snapshot, fresh) {
    if (!fresh) {
      // A push for the scope this connection watched before the last Watch, or older than what is shown.
      if (snapshot.scope !== watchedScope) {
        return;
      }
      if (latest && latest.scope === snapshot.scope && Date.parse(snapshot.asOf) < Date.parse(latest.asOf)) {
        return;
      }
    }
    latest = snapshot;
    receivedAt = Date.now();
    markStale(false);
    render(snapshot);
  }

  function render(s) {
    ui.wall.hidden = false;
    ui.scopeLabel.textContent = scopeText(scope);
    ui.asOf.textContent = t('status.asOf', { time: clock(new Date(s.asOf)) });
    const minutes = (s.live && s.live.perMinute) || [];
    for (const tile of TILES) {
      renderTile(tile, s, minutes);
    }
    renderCohorts(s);
    renderBars(ui.lifecycle, known(LIFECYCLE, s.lifecycle, 'lifecycle').map(([k, label]) => ({ label, value: s.lifecycle[k] || 0 })), true);
    renderBars(ui.tiers, known(TIERS, s.tiers, 'tier').map(([k, label]) => ({ label, value: s.tiers[k] || 0 })), true);
    renderService(s);
    renderAlerts(s.alerts);
    renderSatisfaction(s);
    renderInsight();
    drawMap();
    fitPanels();
  }

  // The names we know, in our order, with the catalogue's labels; then any the server adds that
  // we have no label for yet, under their API names.
  function known(list, values, prefix) {
    const names = new Set(list);
    return list.map(k => [k, t(`${prefix}.${k}`)])
      .concat(Object.keys(values || {}).filter(k => !names.has(k)).map(k => [k, k]));
  }

  // ---------- tiles ----------

  function buildTiles() {
    ui.tiles.replaceChildren();
    for (const tile of TILES) {
      const article = element('article', 'tile');
      article.id = `tile-${tile.id}`;
      const label = t(`tile.${tile.id}`);
      article.append(element('h3', 'tile-label', label));
      const figures = element('div', 'tile-figures');
      const main = element('p', 'tile-main');
      const value = element('span', 'tile-value', DASH);
      main.append(value, element('span', 'tile-period', t(`period.${tile.mainPeriod || 'today'}`)));
      figures.append(main);
      let side = null;
      if (tile.side) {
        const sideLine = element('p', 'tile-side');
        side = element('span', 'tile-side-value', DASH);
        sideLine.append(side, element('span', 'tile-period', t(`period.${tile.sidePeriod || 'allTime'}`)));
        figures.append(sideLine);
      }
      article.append(figures);
      const spark = svg('svg', { class: 'spark', viewBox: '0 0 600 100', preserveAspectRatio: 'none', role: 'img' });
      article.append(spark, element('p', 'spark-caption', t('spark.caption', { what: t(`tile.${tile.id}.caption`) })));
      ui.tiles.append(article);
      tileParts.set(tile.id, { value, side, spark });
    }
  }

  function renderTile(tile, s, minutes) {
    const parts = tileParts.get(tile.id);
    setFitted(parts.value, tile.main(s));
    if (parts.side) {
      parts.side.textContent = tile.side(s);
    }
    let series;
    if (tile.spark) {
      series = minutes.map(tile.spark);
    } else {
      series = sampledSeries(tile, s, minutes);
    }
    drawSparkline(parts.spark, series, t(`tile.${tile.id}`));
  }

  // Remembers the tile's value for the snapshot's minute; returns one value (or gap) per live minute.
  function sampledSeries(tile, s, minutes) {
    let byMinute = sampled.get(tile.id);
    if (!byMinute) {
      byMinute = new Map();
      sampled.set(tile.id, byMinute);
    }
    const value = tile.sample(s);
    const minute = Math.floor(Date.parse(s.asOf) / 60000);
    if (value !== null) {
      byMinute.set(minute, value);
    }
    for (const old of byMinute.keys()) {
      if (old < minute - 60) {
        byMinute.delete(old);
      }
    }
    return minutes.map(w => {
      const v = byMinute.get(Math.floor(Date.parse(w.from) / 60000));
      return v === undefined ? null : v;
    });
  }

  // A line over the minutes with values, broken at gaps, over a faint area down to zero; a lone
  // minute between gaps is a dot, and the current minute is marked.
  function drawSparkline(target, series, label) {
    const width = 600;
    const height = 100;
    const pad = 6;
    const values = series.filter(v => v !== null && Number.isFinite(v));
    const max = Math.max(0, ...values);
    const min = Math.min(0, ...values);
    const span = max - min || 1;
    const n = Math.max(series.length, 2);
    const x = i => (i / (n - 1)) * width;
    const y = v => pad + (1 - (v - min) / span) * (height - 2 * pad);

    let line = '';
    let area = '';
    let dots = '';
    let run = [];
    const flush = () => {
      if (run.length === 1) {
        dots += `M${x(run[0][0]).toFixed(1)} ${y(run[0][1]).toFixed(1)}h0`;
      } else if (run.length > 1) {
        const points = run.map(([i, v]) => `${x(i).toFixed(1)} ${y(v).toFixed(1)}`);
        line += `M${points.join('L')}`;
        area += `M${x(run[0][0]).toFixed(1)} ${y(0).toFixed(1)}L${points.join('L')}L${x(run[run.length - 1][0]).toFixed(1)} ${y(0).toFixed(1)}Z`;
      }
      run = [];
    };
    series.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        flush();
      } else {
        run.push([i, v]);
      }
    });
    flush();

    const children = [svg('path', { class: 'spark-zero', d: `M0 ${y(0).toFixed(1)}H${width}` })];
    if (area) {
      children.push(svg('path', { class: 'spark-area', d: area }));
    }
    if (line) {
      children.push(svg('path', { class: 'spark-line', d: line }));
    }
    if (dots) {
      children.push(svg('path', { class: 'spark-dot', d: dots }));
    }
    const last = series.length - 1;
    if (last >= 0 && series[last] !== null && Number.isFinite(series[last])) {
      children.push(svg('path', { class: 'spark-now', d: `M${x(last).toFixed(1)} ${y(series[last]).toFixed(1)}h0` }));
    }
    target.replaceChildren(...children);
    target.setAttribute('aria-label', values.length
      ? t('spark.label', { label, peak: formatPlain(max) })
      : t('spark.empty', { label }));
  }

  const formatPlain = v => (Number.isInteger(v) ? count(v) : decimalFormat.format(v));

  // Big numbers shrink to fit their tile rather than being cut off: first so that the period still
  // fits beside them, and if that would make them small, the period goes under them (the line wraps)
  // and they shrink only to the tile's width, never below FIGURE_MIN_PX.
  function setFitted(el, text) {
    if (el.textContent !== text) {
      el.textContent = text;
    }
    const shrinkTo = (room, floor) => {
      el.style.fontSize = '';
      let size = parseFloat(getComputedStyle(el).fontSize);
      while (el.scrollWidth > room && size > floor) {
        size = Math.max(floor, size * 0.92);
        el.style.fontSize = `${size}px`;
      }
      return el.scrollWidth <= room;
    };
    const whole = el.parentElement.clientWidth;
    const beside = whole - (el.nextElementSibling ? el.nextElementSibling.offsetWidth + 12 : 0);
    if (!shrinkTo(beside, BESIDE_MIN_PX)) {
      shrinkTo(whole, FIGURE_MIN_PX);
    }
  }

  // ---------- cohorts ----------

  function renderCohorts(s, limit = MAX_COHORTS) {
    const rows = (s.cohorts || []).slice().sort((a, b) => a.cohort.localeCompare(b.cohort)).slice(-limit);
    const table = ui.cohorts;
    if (rows.length === 0) {
      table.replaceChildren(element('caption', 'empty', t('cohort.empty')));
      return;
    }
    const asOfMonth = monthIndex(s.asOf.slice(0, 7));
    const maxOffset = Math.min(MAX_COHORTS - 1, Math.max(0, ...rows.map(r => asOfMonth - monthIndex(r.cohort))));
    const head = element('tr');
    head.append(element('th', 'cohort-name', t('cohort.name')), element('th', 'cohort-size', t('cohort.customers')));
    for (let k = 0; k <= maxOffset; k++) {
      head.append(element('th', 'cohort-offset', t('cohort.offset', { k: count(k) })));
    }
    const body = element('tbody');
    for (const row of rows) {
      const tr = element('tr');
      tr.append(element('th', 'cohort-name', cohortMonth(row.cohort)), element('td', 'cohort-size', count(row.size)));
      const age = asOfMonth - monthIndex(row.cohort);
      const byOffset = new Map((row.cells || []).map(c => [c.offset, c]));
      for (let k = 0; k <= maxOffset; k++) {
        const td = element('td', 'cohort-cell');
        if (k > age) {
          td.classList.add('future');
        } else {
          const cell = byOffset.get(k);
          const retention = cell ? cell.retention : 0;
          td.textContent = percentFormat.format(retention);
          td.title = t('cohort.cellTitle', { cohort: cohortMonth(row.cohort), k: count(k), count: count(cell ? cell.count : 0), size: count(row.size) });
          const alpha = retention > 0 ? 0.12 + 0.83 * Math.sqrt(Math.min(1, retention)) : 0.04;
          td.style.backgroundColor = `rgba(56, 189, 248, ${alpha.toFixed(3)})`;
          if (alpha > 0.6) {
            td.classList.add('strong');
          }
        }
        tr.append(td);
      }
      body.append(tr);
    }
    const thead = element('thead');
    thead.append(head);
    table.replaceChildren(thead, body);
  }

  // "2026-07" as the language writes a month.
  const cohortMonth = yyyyMm => {
    const [y, m] = yyyyMm.split('-').map(Number);
    return Number.isFinite(y) && Number.isFinite(m) ? monthFormat.format(new Date(Date.UTC(y, m - 1, 1))) : yyyyMm;
  };

  const monthIndex = yyyyMm => {
    const [y, m] = yyyyMm.split('-').map(Number);
    return y * 12 + (m - 1);
  };

  // ---------- distributions and service ----------

  function renderBars(list, items, withShare) {
    const total = items.reduce((sum, item) => sum + item.value, 0);
    const top = Math.max(1, ...items.map(item => item.value));
    list.replaceChildren(...items.map(item => {
      const li = element('li', 'bar-row');
      const track = element('span', 'bar-track');
      const fill = element('span', 'bar-fill');
      fill.style.width = `${((item.value / top) * 100).toFixed(1)}%`;
      track.append(fill);
      const value = element('span', 'bar-value', count(item.value));
      const extra = withShare
        ? element('span', 'bar-side', total > 0 ? percentFormat.format(item.value / total) : DASH)
        : element('span', 'bar-side', item.side);
      li.append(element('span', 'bar-label', item.label), track, value, extra);
      return li;
    }));
  }

  function renderService(s) {
    const figures = [
      ['openNow', t('service.openNow'), count(s.openComplaints), null],
      ['opened', t('service.opened'), count(s.today.complaints.total), count(s.allTime.complaints.total)],
      ['slaBreaches', t('service.slaBreaches'), count(s.today.slaBreaches), count(s.allTime.slaBreaches)],
      ['firstResponse', t('service.firstResponse'), hours(s.today.firstResponseTime), hours(s.allTime.firstResponseTime)],
    ];
    renderFigures(ui.serviceFigures, figures);
    const today = s.today.complaints.byCategory || {};
    const allTime = s.allTime.complaints.byCategory || {};
    renderBars(ui.complaints, known(CATEGORIES, allTime, 'category').map(([k, label]) => ({
      label, value: today[k] || 0, side: count(allTime[k] || 0),
    })), false);
  }

  // A row per figure: its label, today's value big and the all-time value beside it (empty when there
  // is none), under a row naming the two periods, so the periods are said once, not in every row.
  function renderFigures(list, figures) {
    const head = element('div', 'figure figure-head');
    head.append(element('dt'), element('dd', 'figure-period', t('period.today')), element('dd', 'figure-period', t('period.allTime')));
    list.replaceChildren(head, ...figures.map(([key, label, today, allTime]) => {
      const row = element('div', 'figure');
      row.dataset.figure = key;
      row.append(element('dt', null, label), element('dd', 'figure-value', today), element('dd', 'figure-side', allTime ?? ''));
      return row;
    }));
  }

  const hours = stats => (stats && stats.count > 0 ? hoursFormat.format(Number(stats.meanHours)) : DASH);

  // ---------- panels fed by data other parts of the grid add ----------
  // Each is hidden until its data is there, so none shows a made-up number. The shapes are the
  // contract's (kpis.md "The snapshot", api.md "Insight" and the alerts resource). Channels and
  // experiments come in their own `insight` message, for the watched scope, every few seconds.

  function acceptInsight(figures) {
    // An answer or push for a scope this wall no longer watches is dropped.
    if (!figures || figures.scope !== watchedScope) {
      return;
    }
    insight = figures;
    if (latest) {
      renderInsight();
      fitPanels();
    }
  }

  function renderInsight() {
    renderChannels(insight ? insight.channels : null);
    renderExperiments(insight ? insight.experiments : null);
  }

  function renderAlerts(alerts) {
    const firing = Array.isArray(alerts) ? alerts.filter(a => !a.state || a.state === 'firing') : [];
    ui.alerts.hidden = firing.length === 0;
    ui.alertList.replaceChildren(...firing.map(alert => {
      const li = element('li', 'alert');
      li.dataset.alertId = alert.alertId || '';
      const where = [alert.storefront, alert.market ? regionName(alert.market) : null].filter(Boolean).join(' · ');
      li.append(
        element('span', 'alert-metric', t(`metric.${alert.metric}`)),
        element('span', 'alert-value', t('alert.value', { value: metricValue(alert.metric, alert.value), threshold: metricValue(alert.metric, alert.threshold ?? alert.expected) })),
        element('span', 'alert-where', where || t('scope.grid')),
        element('span', 'alert-since', alert.startedAt ? t('alert.since', { time: clock(new Date(alert.startedAt)) }) : ''),
      );
      if (alert.rule) {
        li.title = alert.rule;
      }
      return li;
    }));
  }

  function metricValue(metric, value) {
    if (value === null || value === undefined || !Number.isFinite(Number(value))) {
      return DASH;
    }
    const v = Number(value);
    switch (metric) {
      case 'aov': return money(v);
      case 'orders': case 'slaBreaches': return count(v);
      case 'nps': return npsFormat.format(v);
      default: return percentFormat.format(v);
    }
  }

  function renderSatisfaction(s) {
    const today = s.today || {};
    const allTime = s.allTime || {};
    const figures = [];
    const labelled = x => (x ? SENTIMENTS.reduce((sum, k) => sum + (x[k] || 0), 0) : 0);
    // The snapshot carries these figures from the start, as zeros: a scope nobody has answered a
    // survey or written a text in yet has no satisfaction to show, so the panel stays away.
    const answered = [today, allTime].some(p => (p.npsResponses || 0) + (p.csatResponses || 0) + labelled(p.sentiment) > 0);
    if (!answered) {
      ui.satisfaction.hidden = true;
      ui.satisfactionFigures.replaceChildren();
      return;
    }
    if (today.nps !== undefined || allTime.nps !== undefined) {
      figures.push(['nps', t('satisfaction.nps'), scoreOf(today.nps, today.npsResponses), scoreOf(allTime.nps, allTime.npsResponses)]);
    }
    if (today.surveyCsat !== undefined || allTime.surveyCsat !== undefined) {
      figures.push(['surveyCsat', t('satisfaction.surveyCsat'), ratio(today.surveyCsat ?? 0, today.csatResponses ?? 0), ratio(allTime.surveyCsat ?? 0, allTime.csatResponses ?? 0)]);
    }
    if (today.sentiment || allTime.sentiment) {
      figures.push(['negativeShare', t('satisfaction.negativeShare'), ratio(today.sentiment?.negativeShare ?? 0, labelled(today.sentiment)), ratio(allTime.sentiment?.negativeShare ?? 0, labelled(allTime.sentiment))]);
      for (const k of SENTIMENTS) {
        figures.push([k, t(`sentiment.${k}`), count(today.sentiment?.[k] ?? 0), count(allTime.sentiment?.[k] ?? 0)]);
      }
    }
    ui.satisfaction.hidden = figures.length === 0;
    renderFigures(ui.satisfactionFigures, figures);
  }

  const scoreOf = (nps, responses) => (responses > 0 && Number.isFinite(Number(nps)) ? npsFormat.format(Number(nps)) : DASH);

  function renderChannels(channels) {
    const rows = Array.isArray(channels) ? channels : [];
    ui.channels.hidden = rows.length === 0;
    if (rows.length === 0) {
      ui.channelTable.replaceChildren();
      return;
    }
    const head = element('tr');
    for (const key of ['channel.name', 'channel.visits', 'channel.conversion', 'channel.orders', 'channel.revenue', 'channel.revenuePerVisit']) {
      head.append(element('th', null, t(key)));
    }
    const body = element('tbody');
    for (const c of rows) {
      const tr = element('tr');
      tr.dataset.channel = c.channel;
      tr.append(
        element('th', null, c.channel === 'direct' ? t('channel.direct') : c.channel),
        element('td', null, count(c.visits)),
        element('td', null, ratio(c.conversionRate, c.visits)),
        element('td', null, count(c.orders)),
        element('td', null, money(c.grossRevenue)),
        element('td', null, c.visits > 0 ? money(c.revenuePerVisit) : DASH),
      );
      body.append(tr);
    }
    const thead = element('thead');
    thead.append(head);
    ui.channelTable.replaceChildren(thead, body);
  }

  function renderExperiments(experiments) {
    const list = Array.isArray(experiments) ? experiments : [];
    ui.experiments.hidden = list.length === 0;
    ui.experimentList.replaceChildren(...list.map(experiment => {
      const li = element('li', 'experiment');
      li.dataset.experiment = experiment.experimentId;
      li.append(element('h3', 'experiment-name', experiment.experimentId));
      // Below 1 % the split of visits is unlikely to be chance: the assignment itself may be broken.
      if (experiment.sampleRatioPValue !== null && experiment.sampleRatioPValue !== undefined && experiment.sampleRatioPValue < SAMPLE_RATIO_WARNING) {
        li.append(element('p', 'experiment-warning', t('experiment.sampleRatio', { p: pValueFormat.format(experiment.sampleRatioPValue) })));
      }
      const variants = element('ul', 'variants');
      for (const v of experiment.variants || []) {
        const row = element('li', 'variant');
        row.dataset.variant = v.variant;
        const isControl = v.variant === experiment.control;
        row.append(
          element('span', 'variant-name', isControl ? t('experiment.control', { variant: v.variant }) : v.variant),
          element('span', 'variant-rate', ratio(v.conversionRate, v.visits)),
          element('span', 'variant-visits', t('experiment.visits', { visits: count(v.visits) })),
          element('span', 'variant-lift', isControl || v.lift === null || v.lift === undefined ? '' : t('experiment.lift', {
            lift: liftFormat.format(v.lift), low: liftFormat.format(v.liftLow), high: liftFormat.format(v.liftHigh),
          })),
          element('span', `variant-significance${v.significant ? ' significant' : ''}`, isControl || v.pValue === null || v.pValue === undefined ? '' : t(v.significant ? 'experiment.significant' : 'experiment.notSignificant', { p: pValueFormat.format(v.pValue) })),
        );
        variants.append(row);
      }
      li.append(variants);
      return li;
    }));
  }

  // ---------- world map: orders and revenue by market, last 60 minutes ----------

  function acceptMarkets(figures) {
    if (!figures || !Array.isArray(figures.markets)) {
      return;
    }
    markets = figures;
    drawMap();
    if (latest) {
      fitPanels();
    }
  }

  // jsvectormap measures its container, so the map is made once the wall is on screen.
  function ensureMap() {
    if (worldMap || ui.wall.hidden || typeof jsVectorMap === 'undefined') {
      return worldMap;
    }
    worldMap = new jsVectorMap({
      selector: '#world-map',
      map: 'world',
      backgroundColor: 'transparent',
      draggable: false,
      zoomButtons: false,
      zoomOnScroll: false,
      regionStyle: {
        initial: { fill: MAP_EMPTY, stroke: '#0a0e16', strokeWidth: 0.4, fillOpacity: 1 },
        hover: { fillOpacity: 0.8, cursor: 'default' },
      },
      // The package's own tooltip names countries in English; ours names them in the page's language.
      onRegionTooltipShow(event, tooltip, code) {
        const figures = markets && markets.markets.find(m => m.market === code);
        tooltip.text(figures
          ? t('map.tooltip', { market: regionName(code), orders: count(figures.orders), revenue: money(figures.grossRevenue) })
          : regionName(code));
      },
    });
    return worldMap;
  }

  // The map is an extra: if the map package fails, the numbers of the wall must still come.
  function drawMap() {
    try {
      drawMarkets();
    } catch (error) {
      console.error('The world map could not be drawn', error);
    }
  }

  function drawMarkets() {
    const map = ensureMap();
    const list = markets ? markets.markets : [];
    const top = Math.max(0, ...list.map(m => Number(m.grossRevenue)));
    const topOrders = Math.max(0, ...list.map(m => m.orders));
    if (map) {
      const byCode = new Map(list.map(m => [m.market, m]));
      for (const [code, region] of Object.entries(map.regions)) {
        const m = byCode.get(code);
        let fill = MAP_EMPTY;
        if (m) {
          // Revenue decides the shade; a market with orders but no revenue still shows, dimmest.
          const share = top > 0 ? Number(m.grossRevenue) / top : (topOrders > 0 ? m.orders / topOrders : 0);
          fill = MAP_STEPS[Math.min(MAP_STEPS.length - 1, Math.floor(Math.sqrt(share) * MAP_STEPS.length))];
        }
        region.element.setStyle('fill', fill);
        region.element.shape.node.classList.toggle('has-orders', Boolean(m));
      }
    }
    const totalOrders = list.reduce((sum, m) => sum + m.orders, 0);
    const totalRevenue = list.reduce((sum, m) => sum + Number(m.grossRevenue), 0);
    ui.marketsTotal.textContent = list.length
      ? t('map.total', { markets: count(list.length), orders: count(totalOrders), revenue: money(totalRevenue) })
      : t('map.empty');
    ui.marketList.replaceChildren(...list.slice(0, MAX_MARKETS_LISTED).map(m => {
      const li = element('li', 'market');
      li.dataset.market = m.market;
      li.append(
        element('span', 'market-name', regionName(m.market)),
        element('span', 'market-orders', t('map.orders', { orders: count(m.orders) })),
        element('span', 'market-revenue', money(m.grossRevenue)),
      );
      return li;
    }));
  }

  // ---------- fitting the wall screen ----------
  // On a wall screen each panel has the room the layout gives it and hides what spills over (board.css).
  // Lists that can grow drop their least important entries until the rest fits, rather than being cut
  // off mid-line: the markets with the least revenue, the experiments with the fewest visits, the
  // oldest cohorts. On a scrolling page panels grow with their content, so nothing is dropped there.
  // Every caller has just drawn its lists whole, so room that comes free (an alert resolved) is used again.
  const overflows = el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;

  function dropUntilFits(container, list) {
    while (list.children.length > 1 && overflows(container)) {
      list.lastElementChild.remove();
    }
  }

  function fitPanels() {
    // jsvectormap sizes its drawing once, to the box it had then; the map panel's room changes as
    // other panels come and go, so the drawing follows its box.
    const drawing = ui.map.querySelector('svg');
    if (worldMap && drawing) {
      const drawn = drawing.getBoundingClientRect();
      if (Math.round(drawn.width) !== ui.map.clientWidth || Math.round(drawn.height) !== ui.map.clientHeight) {
        worldMap.updateSize();
      }
    }
    dropUntilFits(ui.marketList.parentElement, ui.marketList);
    if (!ui.experiments.hidden) {
      dropUntilFits(ui.experiments, ui.experimentList);
    }
    // The table's own box clips sideways (many months are many columns), so both are asked.
    const cohorts = ui.cohorts.closest('.panel');
    const cohortsOverflow = () => overflows(cohorts) || overflows(ui.cohorts.parentElement);
    for (let limit = MAX_COHORTS; limit > 1 && cohortsOverflow(); limit--) {
      renderCohorts(latest, limit - 1);
    }
  }

  // ---------- page state ----------

  function clearData() {
    latest = null;
    watchedScope = null;
    sampled = new Map();
    ui.wall.hidden = true;
    ui.asOf.textContent = '';
    buildTiles();
    ui.cohorts.replaceChildren();
    ui.lifecycle.replaceChildren();
    ui.tiers.replaceChildren();
    ui.serviceFigures.replaceChildren();
    ui.complaints.replaceChildren();
    markets = null;
    insight = null;
    renderAlerts(null);
    ui.satisfaction.hidden = true;
    ui.channels.hidden = true;
    ui.experiments.hidden = true;
    ui.marketList.replaceChildren();
    ui.marketsTotal.textContent = '';
  }

  function markStale(stale) {
    document.body.classList.toggle('stale', stale && latest !== null);
  }

  function showNotice(text) {
    ui.notice.textContent = text;
    ui.notice.hidden = false;
  }

  function hideNotice() {
    ui.notice.hidden = true;
    ui.notice.textContent = '';
  }

  const clock = date => timeFormat.format(date);

  // The catalogue's text for the page's fixed elements: data-i18n for the text, data-i18n-<attr>
  // for an attribute (placeholder, title, aria-label).
  function translatePage() {
    document.title = t('page.title');
    for (const el of document.querySelectorAll('[data-i18n]')) {
      el.textContent = t(el.dataset.i18n);
    }
    for (const attribute of ['placeholder', 'title', 'aria-label']) {
      const data = `i18n${attribute.split('-').map(p => p[0].toUpperCase() + p.slice(1)).join('')}`;
      for (const el of document.querySelectorAll(`[data-i18n-${attribute}]`)) {
        el.setAttribute(attribute, t(el.dataset[data]));
      }
    }
  }

  // A <select> of the languages; choosing one reloads the page with ?lang=, keeping the scope.
  function buildLanguageSwitcher() {
    ui.language.replaceChildren(...LANGUAGES.map(([code, name]) => {
      const option = element('option', null, name);
      option.value = code;
      option.lang = code;
      option.selected = code === LANG;
      return option;
    }));
    ui.language.addEventListener('change', () => {
      const query = new URLSearchParams(location.search);
      query.set('lang', ui.language.value);
      location.assign(`${location.pathname}?${query}`);
    });
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text !== undefined) {
      el.textContent = text;
    }
    return el;
  }

  function svg(tag, attributes) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attributes)) {
      el.setAttribute(name, value);
    }
    return el;
  }

  function start() {
    translatePage();
    buildLanguageSwitcher();
    if (typeof signalR === 'undefined') {
      setState('offline', t('notice.noSignalR'));
      showNotice(t('notice.noSignalR'));
      return;
    }
    buildTiles();
    ui.storefront.value = scope.storefront || '';
    ui.market.value = scope.market || '';
    ui.scopeLabel.textContent = scopeText(scope);
    ui.keyForm.addEventListener('submit', event => {
      event.preventDefault();
      const value = ui.keyInput.value.trim();
      if (!value) {
        ui.keyError.textContent = t('key.empty');
        ui.keyError.hidden = false;
        return;
      }
      ui.keyInput.value = '';
      useKey(value);
    });
    ui.scopeForm.addEventListener('submit', changeScope);
    ui.forgetKey.addEventListener('click', forgetKey);
    setInterval(() => {
      if (latest && ui.connection.dataset.state === 'live' && Date.now() - receivedAt > STALE_AFTER_MS) {
        markStale(true);
        ui.asOf.textContent = t('status.stale', {
          time: clock(new Date(latest.asOf)),
          ago: relativeFormat.format(-Math.round((Date.now() - receivedAt) / 1000), 'second'),
        });
      }
    }, 1000);
    let resizeTimer = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => latest && render(latest), 150);
    });

    const stored = sessionStorage.getItem(KEY_STORAGE);
    if (stored) {
      useKey(stored);
    } else {
      setState('offline', t('connection.noKey'));
      ui.login.hidden = false;
      ui.keyInput.focus();
    }
  }

  start();
})();
