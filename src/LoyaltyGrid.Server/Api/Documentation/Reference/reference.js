// Renders /openapi/v1.json as a plain page. Everything is built with DOM calls and textContent,
// never innerHTML, so nothing in the document can inject markup.
"use strict";

const methods = ["get", "post", "put", "patch", "delete"];

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function resolve(doc, schema) {
  let current = schema;
  const seen = new Set();
  while (current && current.$ref && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const name = current.$ref.split("/").pop();
    current = (doc.components && doc.components.schemas || {})[name] || {};
  }
  return current || {};
}

function typeOf(doc, schema) {
  const resolved = resolve(doc, schema);
  let type = resolved.type;
  if (Array.isArray(type)) type = type.filter(t => t !== "null").join(" | ") + (type.includes("null") ? " (nullable)" : "");
  if (!type && resolved.oneOf) type = resolved.oneOf.map(s => typeOf(doc, s)).join(" | ");
  if (type && type.startsWith("array") && resolved.items) return "array of " + typeOf(doc, resolved.items);
  // Schema names are the server's C# class names: readers see the fields, not the classes.
  return [type || (resolved.properties ? "object" : "any"), resolved.format ? "(" + resolved.format + ")" : null].filter(Boolean).join(" ");
}

function constraints(schema) {
  const parts = [];
  if (schema.pattern) parts.push("pattern " + schema.pattern);
  if (schema.minimum !== undefined) parts.push("min " + schema.minimum);
  if (schema.maximum !== undefined) parts.push("max " + schema.maximum);
  if (schema.maxLength !== undefined) parts.push("at most " + schema.maxLength + " characters");
  if (schema.maxItems !== undefined) parts.push("at most " + schema.maxItems + " items");
  if (schema.default !== undefined) parts.push("default " + JSON.stringify(schema.default));
  if (schema.enum) parts.push("one of " + schema.enum.join(", "));
  return parts.join("; ");
}

function renderSchema(doc, schema, depth) {
  const resolved = resolve(doc, schema);
  const target = resolved.items ? resolve(doc, resolved.items) : resolved;
  if (!target.properties || depth > 3) return null;
  const required = new Set(target.required || []);
  const list = el("ul");
  for (const [name, property] of Object.entries(target.properties)) {
    const resolvedProperty = resolve(doc, property);
    const item = el("li", {},
      el("code", {}, name), " ", typeOf(doc, property),
      required.has(name) ? el("span", { class: "required" }, "required") : null);
    const rules = constraints(resolvedProperty);
    if (resolvedProperty.description || property.description) item.append(" — ", property.description || resolvedProperty.description);
    if (rules) item.append(" ", el("span", { class: "constraint" }, "(" + rules + ")"));
    const nested = renderSchema(doc, property, depth + 1);
    if (nested) item.append(nested);
    list.append(item);
  }
  return el("div", { class: "schema" }, list);
}

function renderOperation(doc, path, method, operation) {
  const id = operation.operationId || (method + path).replace(/[^A-Za-z0-9]+/g, "-");
  const box = el("article", { class: "operation", id },
    el("h4", {}, el("span", { class: "method " + method }, method.toUpperCase()), el("span", { class: "path" }, path)),
    el("p", { class: "summary" }, operation.summary || ""));
  if (operation.description) box.append(el("p", {}, operation.description));
  const security = (operation.security || []).flatMap(requirement => Object.keys(requirement));
  box.append(el("p", { class: "credentials" }, "Credentials: " + (security.length ? security.join(" or ") : "none")));

  if (operation.parameters && operation.parameters.length) {
    const rows = operation.parameters.map(parameter => el("tr", {},
      el("td", {}, el("code", {}, parameter.name)),
      el("td", {}, parameter.in),
      el("td", {}, typeOf(doc, parameter.schema) + (parameter.required ? ", required" : "")),
      el("td", {}, [parameter.description, constraints(resolve(doc, parameter.schema))].filter(Boolean).join(" — "))));
    box.append(el("h5", {}, "Parameters"),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "name"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "notes"))), el("tbody", {}, ...rows)));
  }

  const body = operation.requestBody && operation.requestBody.content && operation.requestBody.content["application/json"];
  if (body) {
    box.append(el("h5", {}, "Request body (application/json)"), renderSchema(doc, body.schema, 0));
  }

  const responses = Object.entries(operation.responses || {}).map(([status, response]) => {
    const content = response.content || {};
    const [mediaType, media] = Object.entries(content)[0] || [];
    const cell = el("td", {}, media ? typeOf(doc, media.schema) + " (" + mediaType + ")" : "no body");
    if (media && status.startsWith("2")) {
      const detail = renderSchema(doc, media.schema, 0);
      if (detail) cell.append(detail);
    }
    return el("tr", {}, el("td", {}, status), el("td", {}, response.description || ""), cell);
  });
  box.append(el("h5", {}, "Responses"),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "status"), el("th", {}, "meaning"), el("th", {}, "body"))), el("tbody", {}, ...responses)));
  return { id, box };
}

async function main() {
  const operations = document.getElementById("operations");
  const loading = document.getElementById("loading");
  let doc;
  try {
    const response = await fetch("/openapi/v1.json", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error("HTTP " + response.status);
    doc = await response.json();
  } catch (error) {
    loading.textContent = "Could not load /openapi/v1.json: " + error.message;
    return;
  }
  loading.remove();

  document.getElementById("title").textContent = (doc.info && doc.info.title) || "API reference";
  document.getElementById("description").textContent = (doc.info && doc.info.description) || "";
  document.getElementById("version").textContent = "Version " + ((doc.info && doc.info.version) || "?") + ", OpenAPI " + (doc.openapi || "?") + ".";

  const schemes = document.getElementById("schemes");
  for (const [name, scheme] of Object.entries((doc.components && doc.components.securitySchemes) || {})) {
    const how = scheme.type === "apiKey" ? "header " + scheme.name : scheme.type + " " + (scheme.scheme || "");
    schemes.append(el("li", {}, el("strong", {}, name), " (" + how + "): " + (scheme.description || "")));
  }

  const byTag = new Map();
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const tag = (operation.tags && operation.tags[0]) || "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(renderOperation(doc, path, method, operation));
    }
  }

  const toc = document.getElementById("toc");
  for (const [tag, rendered] of byTag) {
    operations.append(el("h3", {}, tag));
    toc.append(el("strong", {}, tag));
    for (const { id, box } of rendered) {
      operations.append(box);
      const heading = box.querySelector("h4");
      toc.append(el("a", { href: "#" + id }, heading.textContent.replace(/^(GET|POST|DELETE|PUT|PATCH)/, "$1 ")));
    }
  }
}

main();
