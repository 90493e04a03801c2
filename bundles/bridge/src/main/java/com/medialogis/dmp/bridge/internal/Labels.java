package com.medialogis.dmp.bridge.internal;

import com.medialogis.dmp.connector.DmpState;

/**
 * The toolbar's sentences, word for word from the practice program's manual
 * ({@code medialogis-dmp-manual-2018.txt}); the manual has none for a DMP whose patient refused
 * this doctor (DENIED), whose sentence is the bridge's own.
 */
final class Labels {

    private Labels() {}

    static String toolbar(DmpState state) {
        return switch (state) {
            case NO_IDENTIFIER -> "Les informations du dossier patient ne permettent pas de rechercher le DMP";
            case NOT_FOUND -> "Le DMP n'existe pas. Cliquer ici pour le créer";
            case CLOSED -> "Le DMP est fermé. Cliquer ici pour le réactiver";
            case NOT_AUTHORIZED -> "Vous n'êtes pas autorisé à accéder à ce DMP. Cliquer ici pour modifier les droits et l'ouvrir";
            case DENIED -> "Le patient a refusé votre accès à ce DMP. Cliquer ici pour un accès d'urgence (bris de glace)";
            case AUTHORIZED -> "Vous êtes autorisé à accéder à ce DMP. Cliquer ici pour l'ouvrir";
        };
    }
}
