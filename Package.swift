// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Cadre",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cadre", targets: ["cadre"]),
        .library(name: "CadreCore", targets: ["CadreCore"]),
        .library(name: "CadreServer", targets: ["CadreServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .target(name: "CadreCore"),
        .target(
            name: "CadreServer",
            dependencies: [
                "CadreCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "cadre",
            dependencies: [
                "CadreCore",
                "CadreServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "CadreCoreTests",
            dependencies: ["CadreCore", .product(name: "PropertyBased", package: "swift-property-based")],
            // Golden files, read from the source tree by the delivery format tests.
            exclude: ["Delivery/Fixtures"]
        ),
        .testTarget(
            name: "CadreServerTests",
            dependencies: [
                "CadreServer",
                .product(name: "XCTVapor", package: "vapor"),
            ]
        ),
    ]
)
