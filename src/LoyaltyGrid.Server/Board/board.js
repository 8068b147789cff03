// The LoyaltyGrid KPI wall. Every number comes from the KPI hub (/hubs/kpi), opened with the ops
// key the viewer types in; the key is kept in sessionStorage, so it lives as long as this tab.
// The hub answers Watch(storefront, market) with the scope's snapshot and then pushes `snapshot`
// whenever it changes (and at least every 5 s). After a reconnect, Watch is called again so the
// wall starts from a fresh snapshot rather than whatever it last saw.
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

  const moneyFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const countFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const DASH = '—';

  const money = value => moneyFormat.format(value);
  const count = value => countFormat.format(value);
  const points = value => `${countFormat.format(value)} pts`;
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
      id: 'orders', label: 'Orders',
      main: s => count(s.today.orders), side: s => count(s.allTime.orders),
      spark: w => w.orders, caption: 'orders per minute',
    },
    {
      id: 'revenue', label: 'Revenue (gross)',
      main: s => money(s.today.grossRevenue), side: s => money(s.allTime.grossRevenue),
      spark: w => w.grossRevenue, caption: 'gross revenue per minute',
    },
    {
      id: 'aov', label: 'Average order value',
      main: s => (s.today.orders > 0 ? money(s.today.aov) : DASH), side: s => (s.allTime.orders > 0 ? money(s.allTime.aov) : DASH),
      spark: w => (w.orders > 0 ? w.aov : null), caption: 'AOV per minute',
    },
    {
      id: 'conversion', label: 'Conversion rate',
      main: s => ratio(s.today.conversionRate, s.today.visits), side: s => ratio(s.allTime.conversionRate, s.allTime.visits),
      spark: w => (w.visits > 0 ? w.conversionRate : null), caption: 'converted sessions / visits per minute',
    },
    {
      id: 'repeat', label: 'Repeat purchase rate', mainPeriod: 'all-time',
      main: s => ratio(s.repeatPurchaseRate, s.allTime.buyers),
      sample: s => (s.allTime.buyers > 0 ? s.repeatPurchaseRate : null), caption: 'as seen here each minute',
    },
    {
      id: 'returning', label: 'Returning customer rate',
      // All-time has no "before" to return from, so its rate is 0 by definition; this month is the useful scale.
      main: s => ratio(s.today.returningCustomerRate, s.today.buyers),
      side: s => ratio(s.thisMonth.returningCustomerRate, s.thisMonth.buyers), sidePeriod: 'this month',
      sample: s => (s.today.buyers > 0 ? s.today.returningCustomerRate : null), caption: 'today’s rate as seen here each minute',
    },
    {
      id: 'complaint-rate', label: 'Complaint rate',
      main: s => ratio(s.today.complaintRate, s.today.orders), side: s => ratio(s.allTime.complaintRate, s.allTime.orders),
      spark: w => (w.orders > 0 ? w.complaintRate : null), caption: 'complaints / orders per minute',
    },
    {
      id: 'csat', label: 'CSAT',
      main: s => ratio(s.today.csat, s.today.reviews), side: s => ratio(s.allTime.csat, s.allTime.reviews),
      spark: w => (w.reviews > 0 ? w.csat : null), caption: 'reviews rated 4–5 per minute',
    },
    {
      id: 'points', label: 'Points outstanding', mainPeriod: 'now',
      main: s => points(s.pointsOutstanding),
      spark: w => w.pointsIssued - w.pointsRedeemed - w.pointsExpired - w.pointsReversed, caption: 'net points per minute',
    },
    {
      id: 'rewards-claimed', label: 'Rewards claimed',
      main: s => count(s.today.rewardsClaimed), side: s => count(s.allTime.rewardsClaimed),
      spark: w => w.rewardsClaimed, caption: 'rewards claimed per minute',
    },
    {
      id: 'coupons-redeemed', label: 'Coupon redemptions',
      main: s => count(s.today.couponsRedeemed), side: s => count(s.allTime.couponsRedeemed),
      spark: w => w.couponsRedeemed, caption: 'coupons redeemed per minute',
    },
    // The repurchase model's figures (docs/prediction.md) exist on the whole-grid snapshot once a
    // fit has run; they are as of that fit, so they move only when the model is refitted.
    {
      id: 'expected-purchases', label: 'Expected purchases', mainPeriod: 'next 30 days', sidePeriod: 'next 90 days',
      main: s => (s.repurchase ? count(Math.round(s.repurchase.expectedPurchases30d)) : DASH),
      side: s => (s.repurchase ? count(Math.round(s.repurchase.expectedPurchases90d)) : DASH),
      sample: s => (s.repurchase ? s.repurchase.expectedPurchases30d : null), caption: 'model forecast at last fit',
    },
    {
      id: 'likely-lost', label: 'Customers P(alive) < 0.5', mainPeriod: 'at last fit', sidePeriod: 'customers fitted',
      main: s => (s.repurchase ? count(s.repurchase.customersLikelyLost) : DASH),
      side: s => (s.repurchase ? count(s.repurchase.customers) : DASH),
      sample: s => (s.repurchase ? s.repurchase.customersLikelyLost : null), caption: 'as seen here each minute',
    },
  ];

  const LIFECYCLE = [['prospect', 'Prospect'], ['new', 'New'], ['repeat', 'Repeat'], ['at-risk', 'At risk'], ['lapsed', 'Lapsed']];
  const TIERS = [['Member', 'Member'], ['Silver', 'Silver'], ['Gold', 'Gold'], ['Platinum', 'Platinum']];
  const CATEGORIES = [
    ['logistics', 'Logistics'], ['quality', 'Quality'], ['not-as-described', 'Not as described'],
    ['return-refund', 'Return / refund'], ['payment', 'Payment'], ['service', 'Service'],
  ];
  const MAX_COHORTS = 12;

  const $ = id => document.getElementById(id);
  const ui = {
    connection: $('connection'), asOf: $('as-of'), scopeLabel: $('scope-label'), scopeForm: $('scope-form'),
    storefront: $('scope-storefront'), market: $('scope-market'), forgetKey: $('forget-key'),
    login: $('login'), keyForm: $('key-form'), keyInput: $('key-input'), keyError: $('key-error'),
    notice: $('notice'), wall: $('wall'), tiles: $('tiles'), cohorts: $('cohort-table'),
    lifecycle: $('lifecycle'), tiers: $('tiers'), serviceFigures: $('service-figures'), complaints: $('complaints'),
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
  const tileParts = new Map();

  // ---------- connection ----------

  function setState(state, detail) {
    ui.connection.dataset.state = state;
    ui.connection.textContent = state;
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
    watchedScope = snapshot.scope;
    accept(snapshot, true);
    hideNotice();
    setState('live');
  }

  // Watch can fail while the connection stays up (a scope grain that cannot answer right now):
  // say so and ask again. If the connection itself went, its own handlers take over.
  function watchSafely() {
    clearTimeout(watchRetryTimer);
    return watch().catch(error => {
      const conn = connection;
      if (conn && conn.state === signalR.HubConnectionState.Connected) {
        showNotice(`The hub did not answer Watch (${messageOf(error)}); asking again in 5 s.`);
        watchRetryTimer = setTimeout(watchSafely, 5000);
      }
    });
  }

  const messageOf = error => (error ? String(error.message || error) : 'the connection closed');

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
    showNotice(`Offline since ${clock(new Date())}: ${reason}. Trying again every ${OFFLINE_RETRY_MS / 1000} s.`);
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
    const message = status === 403
      ? 'That key is valid but is not an ops key. The wall needs a key with the ops role.'
      : 'That key was not accepted. Check the ops key and try again.';
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
    setState('offline', 'no key');
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
    if (s.storefront && s.market) {
      return `Storefront ${s.storefront} · market ${s.market}`;
    }
    if (s.storefront) {
      return `Storefront ${s.storefront}`;
    }
    return s.market ? `Market ${s.market}` : 'Whole grid';
  }

  function changeScope(event) {
    event.preventDefault();
    const storefront = ui.storefront.value.trim();
    const market = ui.market.value.trim().toUpperCase();
    if (storefront && !ID_PATTERN.test(storefront)) {
      showNotice('A storefront id is 1–128 characters of A–Z, a–z, 0–9, ".", "_", ":" and "-".');
      return;
    }
    if (market && !MARKET_PATTERN.test(market)) {
      showNotice('A market is a two-letter country code, such as DE.');
      return;
    }
    hideNotice();
    scope = { storefront: storefront || null, market: market || null };
    ui.market.value = scope.market || '';
    const query = new URLSearchParams();
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
    ui.asOf.textContent = `as of ${clock(new Date(s.asOf))} UTC`;
    const minutes = (s.live && s.live.perMinute) || [];
    for (const tile of TILES) {
      renderTile(tile, s, minutes);
    }
    renderCohorts(s);
    renderBars(ui.lifecycle, known(LIFECYCLE, s.lifecycle).map(([k, label]) => ({ label, value: s.lifecycle[k] || 0 })), true);
    renderBars(ui.tiers, known(TIERS, s.tiers).map(([k, label]) => ({ label, value: s.tiers[k] || 0 })), true);
    renderService(s);
  }

  // The labels we know, in our order, then any the server adds that we do not know yet.
  function known(list, values) {
    const names = new Set(list.map(([k]) => k));
    return list.concat(Object.keys(values || {}).filter(k => !names.has(k)).map(k => [k, k]));
  }

  // ---------- tiles ----------

  function buildTiles() {
    ui.tiles.replaceChildren();
    for (const tile of TILES) {
      const article = element('article', 'tile');
      article.id = `tile-${tile.id}`;
      article.append(element('h3', 'tile-label', tile.label));
      const figures = element('div', 'tile-figures');
      const main = element('p', 'tile-main');
      const value = element('span', 'tile-value', DASH);
      main.append(value, element('span', 'tile-period', tile.mainPeriod || 'today'));
      figures.append(main);
      let side = null;
      if (tile.side) {
        const sideLine = element('p', 'tile-side');
        side = element('span', 'tile-side-value', DASH);
        sideLine.append(side, element('span', 'tile-period', tile.sidePeriod || 'all-time'));
        figures.append(sideLine);
      }
      article.append(figures);
      const spark = svg('svg', { class: 'spark', viewBox: '0 0 600 100', preserveAspectRatio: 'none', role: 'img' });
      article.append(spark, element('p', 'spark-caption', `${tile.caption} · last 60 min`));
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
    drawSparkline(parts.spark, series, tile.label);
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
      ? `${label}: per-minute series over the last 60 minutes, peak ${formatPlain(max)}`
      : `${label}: nothing in the last 60 minutes`);
  }

  const formatPlain = v => (Number.isInteger(v) ? count(v) : v.toFixed(2));

  // Big numbers shrink to fit their tile rather than being cut off.
  function setFitted(el, text) {
    if (el.textContent !== text) {
      el.textContent = text;
    }
    el.style.fontSize = '';
    let size = parseFloat(getComputedStyle(el).fontSize);
    const room = el.parentElement.clientWidth - (el.nextElementSibling ? el.nextElementSibling.offsetWidth + 12 : 0);
    while (el.scrollWidth > room && size > 14) {
      size *= 0.92;
      el.style.fontSize = `${size}px`;
    }
  }

  // ---------- cohorts ----------

  function renderCohorts(s) {
    const rows = (s.cohorts || []).slice().sort((a, b) => a.cohort.localeCompare(b.cohort)).slice(-MAX_COHORTS);
    const table = ui.cohorts;
    if (rows.length === 0) {
      table.replaceChildren(element('caption', 'empty', 'No purchases yet in this scope.'));
      return;
    }
    const asOfMonth = monthIndex(s.asOf.slice(0, 7));
    const maxOffset = Math.min(MAX_COHORTS - 1, Math.max(0, ...rows.map(r => asOfMonth - monthIndex(r.cohort))));
    const head = element('tr');
    head.append(element('th', 'cohort-name', 'Cohort'), element('th', 'cohort-size', 'Customers'));
    for (let k = 0; k <= maxOffset; k++) {
      head.append(element('th', 'cohort-offset', `M${k}`));
    }
    const body = element('tbody');
    for (const row of rows) {
      const tr = element('tr');
      tr.append(element('th', 'cohort-name', row.cohort), element('td', 'cohort-size', count(row.size)));
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
          td.title = `${row.cohort} + ${k} months: ${count(cell ? cell.count : 0)} of ${count(row.size)} customers`;
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
      ['Open now', count(s.openComplaints), null],
      ['Opened', count(s.today.complaints.total), count(s.allTime.complaints.total)],
      ['SLA breaches', count(s.today.slaBreaches), count(s.allTime.slaBreaches)],
      ['First response', hours(s.today.firstResponseTime), hours(s.allTime.firstResponseTime)],
    ];
    ui.serviceFigures.replaceChildren(...figures.map(([label, today, allTime]) => {
      const wrap = element('div', 'figure');
      const dd = element('dd');
      dd.append(element('span', 'figure-value', today));
      if (allTime !== null) {
        dd.append(element('span', 'figure-side', allTime));
      }
      wrap.append(element('dt', null, label), dd);
      return wrap;
    }));
    const today = s.today.complaints.byCategory || {};
    const allTime = s.allTime.complaints.byCategory || {};
    renderBars(ui.complaints, known(CATEGORIES, allTime).map(([k, label]) => ({
      label, value: today[k] || 0, side: count(allTime[k] || 0),
    })), false);
  }

  const hours = stats => (stats && stats.count > 0 ? `${Number(stats.meanHours).toFixed(1)} h` : DASH);

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

  const clock = date => date.toISOString().slice(11, 19);

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
    if (typeof signalR === 'undefined') {
      setState('offline', 'the SignalR client did not load');
      showNotice('The page could not load its SignalR client (/board/lib/signalr.js).');
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
        ui.keyError.textContent = 'Enter the ops key.';
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
        ui.asOf.textContent = `as of ${clock(new Date(latest.asOf))} UTC · no update for ${Math.round((Date.now() - receivedAt) / 1000)} s`;
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
      setState('offline', 'no key');
      ui.login.hidden = false;
      ui.keyInput.focus();
    }
  }

  start();
})();
