// The map of events: an offline world drawn from TopoJSON (no tile server), and the events and
// acts of /api/map/events as clustered markers. Markers are added in chunks so a page with
// thousands of events stays responsive. Without this file the page lists the events by place.
"use strict";

(() => {
  const BASE = { interactive: false };
  const LAND = { color: "#8a94a6", weight: 0.6, fillColor: "#e9ecef", fillOpacity: 1 };

  function say(status, text) {
    if (status) status.textContent = text;
  }

  function popupFor(properties, openLabel) {
    // Built from text nodes: titles come from the archive and must never become markup.
    const box = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = properties.title;
    box.append(title);
    const where = document.createElement("div");
    where.textContent = [properties.place_name, properties.date].filter(Boolean).join(" · ");
    box.append(where);
    const link = document.createElement("a");
    link.href = properties.url;
    link.textContent = openLabel;
    box.append(link);
    return box;
  }

  async function drawWorld(map, url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) return;
    const world = await response.json();
    const land = topojson.feature(world, world.objects.countries);
    L.geoJSON(land, { ...BASE, style: () => LAND, renderer: L.canvas() }).addTo(map);
  }

  async function drawEvents(map, holder, status) {
    const response = await fetch(holder.dataset.events, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`events: HTTP ${response.status}`);
    const collection = await response.json();
    const cluster = L.markerClusterGroup({ chunkedLoading: true, chunkInterval: 100, chunkDelay: 20 });
    const markers = collection.features.map((feature) => {
      const [lon, lat] = feature.geometry.coordinates;
      const marker = L.marker([lat, lon], { title: feature.properties.title, keyboard: true });
      marker.bindPopup(() => popupFor(feature.properties, holder.dataset.textOpen));
      return marker;
    });
    cluster.addLayers(markers);
    map.addLayer(cluster);
    if (markers.length) {
      map.fitBounds(L.latLngBounds(markers.map((m) => m.getLatLng())).pad(0.2), { maxZoom: 9 });
    }
    say(status, holder.dataset.textShown
      .replace("{shown}", String(collection.features.length))
      .replace("{total}", String(collection.total)));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const holder = document.getElementById("map");
    const status = document.getElementById("map-status");
    if (!holder || typeof L === "undefined" || typeof L.markerClusterGroup !== "function") return;
    holder.hidden = false;
    say(status, holder.dataset.textLoading);
    const map = L.map(holder, { worldCopyJump: true, minZoom: 1, maxZoom: 14 }).setView([41.5, 74.5], 4);
    drawWorld(map, holder.dataset.world).catch(() => {});
    drawEvents(map, holder, status).catch(() => say(status, holder.dataset.textFailed));
  });
})();
