// Support links (/go/<slug>/): go straight to the canonical target, keeping its #anchor.
(function () {
  var link = document.querySelector('link[rel="canonical"]');
  if (link && link.href) { location.replace(link.href); }
})();
