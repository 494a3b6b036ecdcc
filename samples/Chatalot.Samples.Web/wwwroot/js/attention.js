// Getting the user's attention: the unread count in the tab title, whether the tab is visible, and desktop
// notifications. Notification text is built by the app from what this browser decrypted; nothing here talks to the
// server.
window.chatalotAttention = (function () {
    let visibilityHandler = null;
    document.addEventListener('visibilitychange', () => {
        if (visibilityHandler) visibilityHandler.invokeMethodAsync('OnVisibilityChanged', document.visibilityState === 'visible');
    });

    const supported = () => typeof window.Notification === 'function';

    return {
        setTitle: title => { if (document.title !== title) document.title = title; },
        watchVisibility: handler => { visibilityHandler = handler; return document.visibilityState === 'visible'; },
        permission: () => supported() ? Notification.permission : 'unsupported',
        requestPermission: async () => supported() ? await Notification.requestPermission() : 'unsupported',
        notify: (title, body, route, tag) => {
            if (!supported() || Notification.permission !== 'granted') return;
            const notification = new Notification(title, { body, tag, icon: 'icons/icon-192.png' });
            // Clicking brings this tab forward and opens the channel (a client-side navigation: no reload).
            notification.addEventListener('click', () => {
                window.focus();
                Blazor.navigateTo(route);
                if (notification.close) notification.close();
            });
        },
    };
})();
